@testable import Commands
import Nominations
import Testing

/// The queue of one process's award decisions per register, without a server.
@Suite struct DecisionQueueTests {
    let hanoi = RegisterKey(authority: "vksnd-hanoi", year: 2026)
    let nghean = RegisterKey(authority: "vksnd-nghean", year: 2026)

    @Test func aDecisionWaitsForTheOneBeforeItOfItsRegisterOnly() async throws {
        let queue = DecisionQueue()
        let first = queue.join(hanoi)
        let second = queue.join(hanoi)
        let elsewhere = queue.join(nghean)
        #expect(first.before == nil)
        #expect(second.before === first.own)
        #expect(elsewhere.before == nil, "another authority's register has a queue of its own")
        first.own.number.set(1)
        #expect(await second.before?.number.value() == 1)
        let taken = try DecisionRegister.decide(.take(number: 1, decisionID: "vksnd-hanoi-2026-1"), DecisionRegister(), hanoi)
        let register = taken.reduce(DecisionRegister(), DecisionRegister.evolve)
        first.own.taken.set(Loaded(state: register, version: 1))
        let left = await second.before?.taken.value()
        #expect(left?.version == 1, "the next one takes its number on the register as this one will leave it")
        #expect(left?.state.nextNumber == 2)
        queue.leave(hanoi, first.own)
        #expect(await first.own.taken.value()?.version == 1, "leaving keeps the register taken")
        #expect(await first.own.number.value() == 1, "leaving keeps the number taken")
    }

    @Test func aDecisionThatEndsWithoutANumberLeavesNoneToGuessFrom() async {
        let queue = DecisionQueue()
        let first = queue.join(hanoi)
        let second = queue.join(hanoi)
        queue.leave(hanoi, first.own)
        #expect(await second.before?.number.value() == nil)
        #expect(await second.before?.taken.value() == nil, "nor a register: the next one reads it")
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
