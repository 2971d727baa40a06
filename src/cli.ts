/** The command line: parses arguments and hands each command to its module. */
export async function main(argv: string[]): Promise<void> {
  void argv;
}
