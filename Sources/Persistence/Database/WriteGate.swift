/// Lets one write transaction at a time into SQLite from this process. SQLite has a single
/// writer anyway; queueing here instead of inside SQLite's lock keeps waiting writers off the
/// thread pool and the connection pool, and turns lock conflicts into an orderly queue.
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func leave() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
