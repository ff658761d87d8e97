@testable import Commands
import Nominations
import Testing

/// The queue of one process's award decisions per register, without a server.
@Suite struct DecisionQueueTests {
    let hanoi = RegisterKey(authority: "vksnd-hanoi", year: 2026)
    let nghean = RegisterKey(authority: "vksnd-nghean", year: 2026)

    @Test func aDecisionWaitsForTheOneBeforeItOfItsRegisterOnly() async {
        let queue = DecisionQueue()
        let first = queue.join(hanoi)
        let second = queue.join(hanoi)
        let elsewhere = queue.join(nghean)
        #expect(first.before == nil)
        #expect(second.before === first.own)
        #expect(elsewhere.before == nil, "another authority's register has a queue of its own")
        first.own.number.set(7)
        #expect(await second.before?.number.value() == 7)
        queue.leave(hanoi, first.own)
        await second.before?.ended.value()
        #expect(await first.own.number.value() == 7, "leaving keeps the number taken")
    }

    @Test func aDecisionThatEndsWithoutANumberLeavesNoneToGuessFrom() async {
        let queue = DecisionQueue()
        let first = queue.join(hanoi)
        let second = queue.join(hanoi)
        queue.leave(hanoi, first.own)
        #expect(await second.before?.number.value() == nil)
    }

    @Test func theLastToLeaveEmptiesTheQueueSoTheNextReadsTheRegister() {
        let queue = DecisionQueue()
        let first = queue.join(hanoi)
        let second = queue.join(hanoi)
        queue.leave(hanoi, first.own)
        #expect(queue.join(hanoi).before === second.own, "one is still under way")
        let fresh = DecisionQueue()
        let only = fresh.join(hanoi)
        fresh.leave(hanoi, only.own)
        #expect(fresh.join(hanoi).before == nil)
    }
}
