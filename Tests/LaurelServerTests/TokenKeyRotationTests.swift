import Foundation
import JWTKit
@testable import LaurelServer
import Testing
import Workflow

/// Verification keys from a JWKS file, chosen by the token's kid and rotated by rewriting the file.
@Suite struct TokenKeyRotationTests {
    /// A JWKS file publishing key `a` (`b` is not published yet) and an authority verifying with it.
    struct Rotation {
        let keys: KeySetFile
        let a = ES256PrivateKey()
        let b = ES256PrivateKey()
        let authority: TokenAuthority

        init() async throws {
            keys = try KeySetFile()
            try keys.write(["a": a])
            authority = try await TokenAuthority(settings: keys.settings, knownRoles: ["unit_officer"])
        }
    }

    @Test func anOldAndANewKeyOverlapAndARemovedKeysTokensAreRefused() async throws {
        let rotation = try await Rotation()
        defer { rotation.keys.remove() }
        let (keys, a, b, authority) = (rotation.keys, rotation.a, rotation.b, rotation.authority)
        let tokenA = try await Self.token(signedWith: a, kid: "a")
        let tokenB = try await Self.token(signedWith: b, kid: "b")
        #expect(try await authority.caller(authorization: "Bearer \(tokenA)").actor.id == "officer-a")
        try await Self.expectRefused(tokenB, by: authority, "the token names no key (kid) this service verifies with")

        // The new key is published beside the old one: both verify.
        try keys.write(["a": a, "b": b])
        #expect(try await authority.reloadKeys() == ["a", "b"])
        #expect(try await authority.caller(authorization: "Bearer \(tokenA)").actor.id == "officer-a")
        #expect(try await authority.caller(authorization: "Bearer \(tokenB)").actor.id == "officer-b")

        // The old key leaves: its token, verified and remembered a moment ago, is refused.
        try keys.write(["b": b])
        #expect(try await authority.reloadKeys() == ["b"])
        try await Self.expectRefused(tokenA, by: authority, "the token names no key (kid) this service verifies with")
        #expect(try await authority.caller(authorization: "Bearer \(tokenB)").actor.id == "officer-b")

        // A kid the file does not have, or none, is refused even when the signature is good; so is
        // a known kid on another key's signature.
        try await Self.expectRefused(try await Self.token(signedWith: b, kid: "c"), by: authority,
                                     "the token names no key (kid) this service verifies with")
        try await Self.expectRefused(try await Self.token(signedWith: b, kid: nil), by: authority,
                                     "the token names no key (kid) this service verifies with")
        try await Self.expectRefused(try await Self.token(signedWith: a, kid: "b"), by: authority, "the token is not valid")

        // The HS256 secret of `laurel token issue`, the demo and the tests verifies throughout.
        let issued = try await authority.issue(subject: "officer-hs", name: "Cán bộ", roles: ["unit_officer"],
                                               unit: "vksnd-hanoi", lifetime: .seconds(60))
        #expect(try await authority.caller(authorization: "Bearer \(issued)").actor.id == "officer-hs")
    }

    @Test func aFileThatCannotBeUsedKeepsTheKeysInUse() async throws {
        let rotation = try await Rotation()
        defer { rotation.keys.remove() }
        let (keys, a, b, authority) = (rotation.keys, rotation.a, rotation.b, rotation.authority)
        let tokenA = try await Self.token(signedWith: a, kid: "a")
        let parameters = try #require(b.publicKey.parameters)
        let privateScalar = "c2VjcmV0LXNjYWxhci1vZi10aGUtc2lnbmluZy1rZXk"
        let broken: [(text: String, reason: String)] = [
            (#"{"keys": [{"kty": "EC", "crv": "P-256""#, "is not a JWKS"),
            (#"{"keys": [{"kty": "EC", "crv": "P-256", "alg": "ES256", "x": "\#(parameters.x)", "y": "\#(parameters.y)"}]}"#,
             "a key has no kid"),
            (#"{"keys": [{"kty": "EC", "crv": "P-256", "kid": "b", "x": "\#(parameters.x)", "y": "\#(parameters.y)"}]}"#,
             "key 'b' has no alg"),
            (try Self.jwks([("es256", b, nil)]), "kid 'es256' is the settings' own key's"),
            (try Self.jwks([("b", b, nil), ("b", a, nil)]), "kid 'b' names two keys"),
            (try Self.jwks([("b", b, privateScalar)]), "key 'b' holds a private key"),
        ]
        for (text, reason) in broken {
            try Data(text.utf8).write(to: keys.file)
            let error = await #expect(throws: TokenKeyError.self) { try await authority.reloadKeys() }
            #expect(error?.message.contains("auth.jwks_file \(keys.file.path)") == true, "\(reason)")
            #expect(error?.message.contains(reason) == true, "\(error?.message ?? "") should say \(reason)")
            #expect(error?.message.contains(privateScalar) == false)
            #expect(try await authority.caller(authorization: "Bearer \(tokenA)").actor.id == "officer-a", "\(reason)")
        }
        try FileManager.default.removeItem(at: keys.file)
        let missing = await #expect(throws: TokenKeyError.self) { try await authority.reloadKeys() }
        #expect(missing?.message.contains("cannot be read") == true)
        #expect(try await authority.caller(authorization: "Bearer \(tokenA)").actor.id == "officer-a")
    }

    /// What the background reload calls every few seconds: it reads the file when it changed, and
    /// reports a broken file once, not at every look.
    @Test func theFileIsReadAgainWhenItChangesOnly() async throws {
        let rotation = try await Rotation()
        defer { rotation.keys.remove() }
        let (keys, a, b, authority) = (rotation.keys, rotation.a, rotation.b, rotation.authority)
        #expect(try await authority.reloadKeysIfChanged() == nil)
        try keys.write(["a": a, "b": b])
        #expect(try await authority.reloadKeysIfChanged() == ["a", "b"])
        #expect(try await authority.reloadKeysIfChanged() == nil)
        try Data("not json".utf8).write(to: keys.file)
        await #expect(throws: TokenKeyError.self) { try await authority.reloadKeysIfChanged() }
        #expect(try await authority.reloadKeysIfChanged() == nil)
        let tokenB = try await Self.token(signedWith: b, kid: "b")
        #expect(try await authority.caller(authorization: "Bearer \(tokenB)").actor.id == "officer-b")
        try keys.write(["a": a])
        #expect(try await authority.reloadKeysIfChanged() == ["a"])
        try await Self.expectRefused(tokenB, by: authority, "the token names no key (kid) this service verifies with")
    }

    @Test func theServiceDoesNotStartOnAFileItCannotUse() async throws {
        let keys = try KeySetFile()
        defer { keys.remove() }
        let missing = await #expect(throws: TokenKeyError.self) {
            try await TokenAuthority(settings: keys.settings, knownRoles: ["unit_officer"])
        }
        #expect(missing?.message.contains("cannot be read") == true)
        try Data(#"{"keys": 1}"#.utf8).write(to: keys.file)
        let broken = await #expect(throws: TokenKeyError.self) {
            try await TokenAuthority(settings: keys.settings, knownRoles: ["unit_officer"])
        }
        #expect(broken?.message.contains("is not a JWKS: keys:") == true, "\(broken?.message ?? "")")
    }

    @Test func aJWKSIsAKeyOfItsOwn() throws {
        var settings = ServerSettings()
        settings.tokenKeySetFile = "/etc/laurel/jwks.json"
        #expect(try ServerSettings.load(file: nil, environment: ["LAUREL_AUTH_JWKS_FILE": "/etc/laurel/jwks.json"]) == settings)
        #expect(throws: ConfigErrors.self) { try ServerSettings.load(file: nil, environment: [:]) }
    }

    /// A token of `unit_officer` named after `kid`, signed with `key`, naming `kid` in its header.
    static func token(signedWith key: ES256PrivateKey, kid: String?) async throws -> String {
        let signer = JWTKeyCollection()
        let identifier = kid.map { JWKIdentifier(string: $0) }
        await signer.add(ecdsa: key, kid: identifier)
        let claims = LaurelClaims(subject: "officer-\(kid ?? "none")", name: "Cán bộ", roles: ["unit_officer"],
                                  unit: "vksnd-hanoi", issuer: "laurel", issuedAt: Date(),
                                  expiresAt: Date().addingTimeInterval(3600))
        return try await signer.sign(claims, kid: identifier)
    }

    /// A JWKS of the public keys of `keys` by kid, each with `privateKey` as its `d` when given.
    static func jwks(_ keys: [(kid: String, key: ES256PrivateKey, privateKey: String?)]) throws -> String {
        let set = JWKS(keys: try keys.map { kid, key, privateKey in
            let parameters = try #require(key.publicKey.parameters)
            return .ecdsa(.es256, identifier: JWKIdentifier(string: kid), x: parameters.x, y: parameters.y, curve: .p256,
                          privateKey: privateKey)
        })
        return String(decoding: try JSONEncoder().encode(set), as: UTF8.self)
    }

    static func expectRefused(
        _ token: String, by authority: TokenAuthority, _ detail: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let problem = await #expect(throws: Problem.self, sourceLocation: sourceLocation) {
            try await authority.caller(authorization: "Bearer \(token)")
        }
        #expect(problem?.statusCode == 401 && problem?.code == "unauthenticated", sourceLocation: sourceLocation)
        #expect(problem?.detail == detail, sourceLocation: sourceLocation)
    }
}

/// A JWKS file in a directory of its own, and the test settings (the HS256 secret too) naming it.
struct KeySetFile {
    let directory: URL
    var file: URL { directory.appendingPathComponent("jwks.json") }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("laurel-jwks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var settings: ServerSettings {
        var settings = ServerFixture.settings()
        settings.tokenKeySetFile = file.path
        return settings
    }

    /// Writes the public keys of `keys`, by kid.
    func write(_ keys: [String: ES256PrivateKey]) throws {
        let text = try TokenKeyRotationTests.jwks(keys.sorted { $0.key < $1.key }.map { (kid: $0.key, key: $0.value, privateKey: String?.none) })
        try Data(text.utf8).write(to: file)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
