import express from 'express';

import { prisma } from './db.js';

export const app = express();

app.use(express.json());

app.get('/health', (_req, res) => {
  res.json({ ok: true });
});

app.get('/posts', async (_req, res) => {
  const posts = await prisma.post.findMany({ include: { author: { select: { name: true } } } });
  res.json(posts);
});

app.use((_req, res) => {
  res.status(404).json({ detail: 'Not Found' });
});
