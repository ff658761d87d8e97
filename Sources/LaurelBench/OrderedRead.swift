import EventStore

/// The event store's ordered read of the whole log: pages from the start to the end, as a rebuild
/// reads it, the records left undecoded. The read benchmarks set their figures beside it, measured
/// on the same log in the same run. Returns the events read.
func readWholeLog(_ store: EventStore, pageSize: Int = 5_000) async throws -> Int {
    var checkpoint = LogCheckpoint.start
    var read = 0
    while true {
        let page = try await store.readAll(after: checkpoint, limit: pageSize)
        guard let last = page.last else { return read }
        read += page.count
        checkpoint = last.checkpoint
    }
}
