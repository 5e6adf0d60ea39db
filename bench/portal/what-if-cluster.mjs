// WHAT-IF for `pnpm bench:portal --what-if-cluster N`: the unchanged portal host (`main.ts serve portal`) as N
// node:cluster workers behind one primary. The workers' listen() on PORTAL_PORT goes through the primary, which
// hands connections out round-robin. Plain JavaScript on purpose: the primary loads neither tsx (~38 MB) nor the
// app, so the sum of the processes' RSS is what a cluster costs at the least. A diagnostic, not how the portal runs.
import cluster from 'node:cluster'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'

const workers = Number(process.env.CLUSTER_WORKERS) || availableParallelism()
cluster.setupPrimary({
  exec: fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url)),
  args: ['serve', 'portal'],
  execArgv: ['--import', 'tsx'],
})
for (let i = 0; i < workers; i++) cluster.fork()

let stopping = false
cluster.on('exit', (worker, code, signal) => {
  if (!stopping) {
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); stopping`)
    stop(1)
  } else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
})

function stop(code = 0) {
  if (stopping) return
  stopping = true
  const live = Object.values(cluster.workers ?? {})
  if (live.length === 0) process.exit(code)
  for (const worker of live) worker?.process.kill('SIGTERM')
  setTimeout(() => process.exit(code), 5_000).unref()
}
process.on('SIGTERM', () => stop())
process.on('SIGINT', () => stop())
