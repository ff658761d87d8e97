import Foundation
@testable import LaurelConsole
import Testing

/// The sign-in lock's arithmetic, pure.
@Suite struct SignInPolicyTests {
    let policy = SignInPolicy(freeFailures: 2, firstDelay: 5, lockAfter: 5, lockDuration: 600)
    let start = Date(timeIntervalSince1970: 1_000_000)

    @Test func theFreeFailuresCostNothingAndEachAfterThemDoublesTheWait() {
        #expect(policy.delay(after: 1) == nil && policy.delay(after: 2) == nil)
        #expect(policy.delay(after: 3) == 5 && policy.delay(after: 4) == 10)
        var record: SignInPolicy.Record?
        for _ in 1...3 { record = policy.failing(record, now: start) }
        #expect(policy.refusal(record, now: start.addingTimeInterval(4)) == .wait(until: start.addingTimeInterval(5)))
        #expect(policy.refusal(record, now: start.addingTimeInterval(5)) == nil)
    }

    @Test func theLockRunsOutAndTheCountStartsAgain() {
        var record: SignInPolicy.Record?
        for _ in 1...5 { record = policy.failing(record, now: start) }
        #expect(policy.refusal(record, now: start.addingTimeInterval(599)) == .locked(until: start.addingTimeInterval(600)))
        let later = start.addingTimeInterval(601)
        #expect(policy.refusal(record, now: later) != .locked(until: start.addingTimeInterval(600)))
        #expect(policy.failing(record, now: later).failures == 1)
    }
}

/// The console's words exist in both languages.
@Suite struct StringsTests {
    @Test func vietnameseAndEnglishHaveTheSameKeys() {
        #expect(Set(Strings.vietnamese.keys) == Set(Strings.english.keys))
    }

    @Test func everyRoleAndStateHasWords() {
        let domain = AccountDeciderTests.domain
        for definition in domain.workflows.allDefinitions {
            for state in definition.states { #expect(Strings.vietnamese["state.\(state.name)"] != nil, "state.\(state.name)") }
            #expect(Strings.vietnamese["kind.\(definition.kind)"] != nil, "kind.\(definition.kind)")
        }
    }
}
