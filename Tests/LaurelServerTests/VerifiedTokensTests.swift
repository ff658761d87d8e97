import Foundation
@testable import LaurelServer
import Nominations
import Testing

/// Tokens verified once are served from memory until they expire, and no longer.
@Suite struct VerifiedTokensTests {
    @Test func aVerifiedTokenIsServedUntilItExpiresAndRefusedAfter() async throws {
        let clock = MovableClock()
        let authority = try await TokenAuthority(settings: ServerFixture.settings(), knownRoles: ["unit_officer"], now: clock.now)
        let token = try await authority.issue(subject: "officer-1", name: "Cán bộ", roles: ["unit_officer"],
                                              unit: "vksnd-hanoi", lifetime: .seconds(2))
        let first = try await authority.caller(authorization: "Bearer \(token)")
        #expect(authority.verified.count == 1)
        #expect(try await authority.caller(authorization: "Bearer \(token)") == first)
        #expect(first.actor.id == "officer-1" && first.actor.unit == "vksnd-hanoi")

        // Just before its expiry it is served; the expiry has a resolution of a second.
        clock.advance(by: .seconds(1))
        #expect(try await authority.caller(authorization: "Bearer \(token)") == first)
        clock.advance(by: .seconds(2))
        let expired = await #expect(throws: Problem.self) { try await authority.caller(authorization: "Bearer \(token)") }
        #expect(expired?.statusCode == 401 && expired?.detail == "the token has expired")
        #expect(authority.verified.count == 0)

        // A token differing in one character is verified anew, not taken for the one remembered.
        let other = try await authority.issue(subject: "officer-2", name: "Cán bộ", roles: ["unit_officer"],
                                              unit: "vksnd-hanoi", lifetime: .seconds(60))
        _ = try await authority.caller(authorization: "Bearer \(other)")
        // A character inside the signature (the last one has bits the decoding may ignore).
        var characters = Array(other)
        let index = characters.count - 10
        characters[index] = characters[index] == "A" ? "B" : "A"
        let altered = String(characters)
        await #expect(throws: Problem.self) { try await authority.caller(authorization: "Bearer \(altered)") }
    }

    @Test func aFullCacheDropsTheExpiredFirstAndThenEverything() {
        let tokens = VerifiedTokens(capacity: 2)
        let caller = Caller(actor: Actor(id: "a", roles: ["unit_officer"], unit: "u"), displayName: "A")
        let now = Date()
        tokens.remember("expired", as: caller, until: now.addingTimeInterval(-1), at: now, generation: 0)
        tokens.remember("valid", as: caller, until: now.addingTimeInterval(60), at: now, generation: 0)
        tokens.remember("third", as: caller, until: now.addingTimeInterval(60), at: now, generation: 0)
        #expect(tokens.count == 2)
        #expect(tokens.caller(for: "expired", at: now, generation: 0) == nil)
        #expect(tokens.caller(for: "valid", at: now, generation: 0) == caller)
        tokens.remember("fourth", as: caller, until: now.addingTimeInterval(60), at: now, generation: 0)
        #expect(tokens.count == 1)
        #expect(tokens.caller(for: "fourth", at: now, generation: 0) == caller)
        #expect(tokens.caller(for: "valid", at: now, generation: 0) == nil)
    }

    /// A token verified under one reading of the keys is verified again under the next: one whose
    /// key left the JWKS must not be served from memory.
    @Test func aTokenVerifiedUnderOtherKeysIsNotServed() {
        let tokens = VerifiedTokens(capacity: 2)
        let caller = Caller(actor: Actor(id: "a", roles: ["unit_officer"], unit: "u"), displayName: "A")
        let now = Date()
        tokens.remember("token", as: caller, until: now.addingTimeInterval(60), at: now, generation: 1)
        #expect(tokens.caller(for: "token", at: now, generation: 1) == caller)
        #expect(tokens.caller(for: "token", at: now, generation: 2) == nil)
        #expect(tokens.count == 0)
        // A request that verified under the keys before a reload and remembers its token after it
        // cannot make it served under the new keys.
        tokens.remember("late", as: caller, until: now.addingTimeInterval(60), at: now, generation: 1)
        #expect(tokens.caller(for: "late", at: now, generation: 2) == nil)
        // When full, those of other generations go before the valid ones of this one.
        tokens.remember("old", as: caller, until: now.addingTimeInterval(60), at: now, generation: 1)
        tokens.remember("current", as: caller, until: now.addingTimeInterval(60), at: now, generation: 2)
        tokens.remember("next", as: caller, until: now.addingTimeInterval(60), at: now, generation: 2)
        #expect(tokens.count == 2)
        #expect(tokens.caller(for: "current", at: now, generation: 2) == caller)
        #expect(tokens.caller(for: "next", at: now, generation: 2) == caller)
    }
}
