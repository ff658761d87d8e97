import Crypto
import EventStore
import Foundation
import LaurelServer
import Testing

@Suite struct CheckpointTokensTests {
    static let installation = SymmetricKey(size: .bits256)
    static let checkpoint = LogCheckpoint(transactionID: 8_812_345, position: 1_044_221)

    @Test func aTokenOpensToItsCheckpointForItsTenant() throws {
        let tokens = CheckpointTokens(installationKey: Self.installation, tenant: "vksndtc")
        for checkpoint in [Self.checkpoint, .start, LogCheckpoint(transactionID: .max, position: .max)] {
            let token = try #require(tokens.token(for: checkpoint))
            #expect(tokens.checkpoint(in: token) == checkpoint)
            // Every instance of the installation derives the same key.
            #expect(CheckpointTokens(installationKey: Self.installation, tenant: "vksndtc").checkpoint(in: token) == checkpoint)
        }
        #expect(tokens.token(for: nil) == nil)
    }

    @Test func aTokenSaysNothingOfThePositionAndTwoCannotBeCompared() throws {
        let tokens = CheckpointTokens(installationKey: Self.installation, tenant: "vksndtc")
        let first = try #require(tokens.token(for: Self.checkpoint))
        let second = try #require(tokens.token(for: Self.checkpoint))
        #expect(first != second)
        for token in [first, second] {
            #expect(!token.contains("1044221") && !token.contains("8812345"))
            #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        }
    }

    @Test func anotherTenantsOrInstallationsTokenDoesNotOpen() throws {
        let token = try #require(CheckpointTokens(installationKey: Self.installation, tenant: "vksndtc").token(for: Self.checkpoint))
        #expect(CheckpointTokens(installationKey: Self.installation, tenant: "bo-noi-vu").checkpoint(in: token) == nil)
        #expect(CheckpointTokens(installationKey: SymmetricKey(size: .bits256), tenant: "vksndtc").checkpoint(in: token) == nil)
    }

    @Test func aCursorIsSealedUnderAKeyOfItsOwn() throws {
        let tokens = CheckpointTokens(installationKey: Self.installation, tenant: "vksndtc")
        let cursor = try #require(tokens.token(forCursor: "1044221"))
        #expect(tokens.cursor(in: cursor) == "1044221")
        #expect(!cursor.contains("1044221"))
        #expect(tokens.checkpoint(in: cursor) == nil)
        #expect(tokens.cursor(in: try #require(tokens.token(for: Self.checkpoint))) == nil)
        #expect(CheckpointTokens(installationKey: Self.installation, tenant: "bo-noi-vu").cursor(in: cursor) == nil)
        #expect(tokens.token(forCursor: "-5") == nil && tokens.token(forCursor: nil) == nil)
    }

    @Test func anAlteredOrMadeUpTokenDoesNotOpen() throws {
        let tokens = CheckpointTokens(installationKey: Self.installation, tenant: "vksndtc")
        let token = try #require(tokens.token(for: Self.checkpoint))
        var altered = Array(token)
        altered[20] = altered[20] == "A" ? "B" : "A"
        for text in [String(altered), String(token.dropLast()), token + "A", "", "812:1044", String(repeating: "A", count: token.count),
                     String(token.reversed())] {
            #expect(tokens.checkpoint(in: text) == nil, "\(text)")
        }
    }
}
