/** The quote and semicolon habits of a file, so inserted code looks like its neighbours. */
import { IndentationText, Project, type SourceFile, SyntaxKind } from 'ts-morph';

const STATEMENTS_WITH_ENDINGS = new Set([
  SyntaxKind.ImportDeclaration,
  SyntaxKind.VariableStatement,
  SyntaxKind.ExpressionStatement,
]);

export interface CodeStyle {
  quote: "'" | '"';
  semicolon: ';' | '';
}

/** Reads the style from the file's string literals and statement endings. */
export function detectCodeStyle(file: SourceFile): CodeStyle {
  const strings = file.getDescendantsOfKind(SyntaxKind.StringLiteral).map((node) => node.getText());
  const doubles = strings.filter((text) => text.startsWith('"')).length;
  const statements = file
    .getStatements()
    .filter((statement) => STATEMENTS_WITH_ENDINGS.has(statement.getKind()));
  const withSemicolon = statements.filter((statement) => statement.getText().trimEnd().endsWith(';'));
  return {
    quote: doubles > strings.length - doubles ? '"' : "'",
    semicolon: statements.length > 0 && withSemicolon.length * 2 < statements.length ? '' : ';',
  };
}

/**
 * Parses a file into an in-memory project whose edits indent like the file does
 * (tabs, two or four spaces), so inserted statements line up with their neighbours.
 */
export function parseForEdit(text: string, name = 'file.ts'): SourceFile {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: detectIndentation(text) },
  });
  return project.createSourceFile(name, text);
}

function detectIndentation(text: string): IndentationText {
  // The first indented line of code; the ` * ` lines inside block comments say nothing.
  const indent = /^([ \t]+)[^\s*]/m.exec(text)?.[1] ?? '  ';
  if (indent.startsWith('\t')) return IndentationText.Tab;
  return indent.length >= 4 ? IndentationText.FourSpaces : IndentationText.TwoSpaces;
}
