// Runs once when the server starts, before it serves anything (Node.js runtime only).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./server/lifecycle/start");
    await startServer();
  }
}
