import Synchronization

/// A token bucket per client, in a map of bounded size.
///
/// Each client's bucket holds up to `burst` tokens and gains `perSecond` of them every second; a
/// request takes one, and a client whose bucket is empty is told how long until it has one again.
/// Every method takes the time, so the type is pure apart from its map, and tests move the clock.
///
/// At most `capacity` clients are kept. A bucket that has filled up again is the same as no bucket,
/// so those go first when the map is full; if that frees less than half of it (many clients busy at
/// once, or one sending from many addresses), the least recently seen go until half is free, so the
/// sort runs at most once per `capacity / 2` new clients. A client forgotten that way starts again
/// with a full bucket: the price of memory that does not grow with the number of addresses.
final class TokenBuckets: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    let perSecond: Double
    let burst: Double
    let capacity: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    /// - Parameters:
    ///   - perSecond: tokens regained per second (more than 0).
    ///   - burst: the most tokens a bucket holds (at least 1).
    ///   - capacity: the most clients kept (at least 2).
    init(perSecond: Double, burst: Int, capacity: Int = 10_000) {
        precondition(perSecond > 0 && burst >= 1 && capacity >= 2)
        self.perSecond = perSecond
        self.burst = Double(burst)
        self.capacity = capacity
    }

    /// Takes a token from `client`'s bucket at `now`: nil when there was one, otherwise how long
    /// until there is (and nothing is taken).
    func take(_ client: String, at now: ContinuousClock.Instant) -> Duration? {
        buckets.withLock { buckets in
            if buckets[client] == nil, buckets.count >= capacity { makeRoom(in: &buckets, at: now) }
            var bucket = refilled(buckets[client], at: now)
            defer { buckets[client] = bucket }
            guard bucket.tokens >= 1 else { return wait(for: bucket) }
            bucket.tokens -= 1
            return nil
        }
    }

    /// How long until `client` has a token at `now`, without taking one: nil when it has one.
    func wait(for client: String, at now: ContinuousClock.Instant) -> Duration? {
        buckets.withLock { buckets in
            let bucket = refilled(buckets[client], at: now)
            return bucket.tokens >= 1 ? nil : wait(for: bucket)
        }
    }

    /// The clients kept.
    var count: Int { buckets.withLock { $0.count } }

    /// `bucket` (a full one for a client not seen) with the tokens regained until `now`.
    private func refilled(_ bucket: Bucket?, at now: ContinuousClock.Instant) -> Bucket {
        guard let bucket else { return Bucket(tokens: burst, updated: now) }
        let elapsed = max(0, Self.seconds(now - bucket.updated))
        return Bucket(tokens: min(burst, bucket.tokens + elapsed * perSecond), updated: max(now, bucket.updated))
    }

    private func wait(for bucket: Bucket) -> Duration {
        .seconds((1 - bucket.tokens) / perSecond)
    }

    private func makeRoom(in buckets: inout [String: Bucket], at now: ContinuousClock.Instant) {
        buckets = buckets.filter { refilled($0.value, at: now).tokens < burst }
        guard buckets.count > capacity / 2 else { return }
        let recent = buckets.sorted { $0.value.updated > $1.value.updated }.prefix(capacity / 2)
        buckets = Dictionary(uniqueKeysWithValues: recent.map { ($0.key, $0.value) })
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
