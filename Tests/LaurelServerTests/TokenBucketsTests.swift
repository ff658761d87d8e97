@testable import LaurelServer
import Testing

/// The token buckets behind the rate limits, on a clock the tests move.
@Suite struct TokenBucketsTests {
    let start = ContinuousClock.now

    @Test func aBurstPassesThenTheRateAndTheWaitIsTold() {
        let buckets = TokenBuckets(perSecond: 2, burst: 3)
        for _ in 0..<3 { #expect(buckets.take("a", at: start) == nil) }
        #expect(buckets.take("a", at: start) == .milliseconds(500))
        // Refused requests take nothing: the wait is still the same.
        #expect(buckets.take("a", at: start) == .milliseconds(500))
        // Another client has a bucket of its own.
        #expect(buckets.take("b", at: start) == nil)
        // A quarter of a second gives half a token back; half a second, one.
        #expect(buckets.take("a", at: start + .milliseconds(250)) == .milliseconds(250))
        #expect(buckets.take("a", at: start + .milliseconds(500)) == nil)
        #expect(buckets.take("a", at: start + .milliseconds(500)) == .milliseconds(500))
        // A long pause fills the bucket up to the burst, no further.
        let later = start + .seconds(60)
        for _ in 0..<3 { #expect(buckets.take("a", at: later) == nil) }
        #expect(buckets.take("a", at: later) != nil)
    }

    @Test func lookingTakesNothing() {
        let buckets = TokenBuckets(perSecond: 1, burst: 1)
        #expect(buckets.wait(for: "a", at: start) == nil)
        #expect(buckets.wait(for: "a", at: start) == nil)
        #expect(buckets.take("a", at: start) == nil)
        #expect(buckets.wait(for: "a", at: start) == .seconds(1))
        #expect(buckets.wait(for: "a", at: start + .seconds(1)) == nil)
    }

    @Test func theMapIsBoundedAndForgetsFullBucketsFirst() {
        let buckets = TokenBuckets(perSecond: 1, burst: 2, capacity: 4)
        for client in ["a", "b", "c", "d"] { #expect(buckets.take(client, at: start) == nil) }
        #expect(buckets.count == 4)
        // Ten seconds on, every bucket is full again, the same as none: a new client makes them go.
        #expect(buckets.take("e", at: start + .seconds(10)) == nil)
        #expect(buckets.count == 1)
    }

    @Test func aCrowdedMapForgetsTheLeastRecentlySeen() {
        let buckets = TokenBuckets(perSecond: 1, burst: 2, capacity: 4)
        for (index, client) in ["a", "b", "c", "d"].enumerated() {
            let at = start + .milliseconds(index)
            #expect(buckets.take(client, at: at) == nil)
            #expect(buckets.take(client, at: at) == nil)
        }
        // Every bucket is empty, so none can go for free: the two seen last stay, with what they owe.
        #expect(buckets.take("e", at: start + .milliseconds(10)) == nil)
        #expect(buckets.count == 3)
        #expect(buckets.take("d", at: start + .milliseconds(10)) != nil)
        // "a" was forgotten: it starts again with a full bucket.
        #expect(buckets.wait(for: "a", at: start + .milliseconds(10)) == nil)
    }
}
