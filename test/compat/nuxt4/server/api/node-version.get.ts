// Which Node serves the build: the cell's, not the machine's.
export default defineEventHandler(() => ({ node: process.version }))
