/// Polls `body` every `interval` until it returns a value; nil once `timeout` has passed. The
/// one way the suites wait for a state no event announces: another session's activity, a queue
/// filling, a read model catching up, the log's fence moving past an event.
public func eventually<T>(
    timeout: Duration = .seconds(60), every interval: Duration = .milliseconds(20), _ body: () async throws -> T?
) async throws -> T? {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if let value = try await body() { return value }
        try await Task.sleep(for: interval)
    }
    return try await body()
}

/// Whether `condition` came to hold within `timeout`; see ``eventually(timeout:every:_:)-(_,_,()->T?)``.
public func eventually(
    timeout: Duration = .seconds(60), every interval: Duration = .milliseconds(20), _ condition: () async throws -> Bool
) async throws -> Bool {
    try await eventually(timeout: timeout, every: interval) { try await condition() ? true : nil } ?? false
}
