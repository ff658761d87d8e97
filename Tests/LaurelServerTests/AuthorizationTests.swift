import Foundation
import Hummingbird
import JWTKit
@testable import LaurelServer
import PostgresTestSupport
import Testing

@Suite(.freshDatabase, .tags(.database))
struct AuthorizationTests {
    /// Every role against every nomination command, expectations generated from the workflow
    /// files: a role no workflow lets run the command gets 403 and nothing is appended; a role
    /// some workflow allows gets past authorization (here to the body's validation, 422), and so
    /// does a deputy head for a head's command (the decision then wants a delegation in force).
    @Test func everyRoleAgainstEveryCommandFollowsTheWorkflowDefinitions() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let id = try await app.submitAdHoc().id
            let workflows = app.services.domain.workflows
            let roles = LaurelServices.knownRoles(of: app.services.domain).sorted()
            var checked = 0
            for command in CommandRoute.commands {
                var allowed = workflows.roles(for: command)
                if allowed.contains("head_of_agency") { allowed.insert("deputy_head_of_agency") }
                #expect(!allowed.isEmpty, "no workflow lets anyone run \(command)")
                for role in roles {
                    let reply = try await app.send(.post, "/v1/nominations/\(id)/\(CommandRoute.path(of: command))", as: [role],
                                                   json: #"{"unexpected_field": true}"#)
                    if allowed.contains(role) && role != Caller.auditor {
                        #expect(reply.status == .unprocessableContent, "\(role) may run \(command): \(reply.text)")
                    } else {
                        #expect(reply.status == .forbidden, "\(role) may not run \(command): \(reply.text)")
                    }
                    checked += 1
                }
            }
            #expect(checked == CommandRoute.commands.count * roles.count)
            let history = try await app.send(.get, "/v1/nominations/\(id)/history", as: ["auditor"])
            #expect(history.array.count == 1, "no refused command appended anything")
        }
    }

    @Test func theAuditorReadsEverythingAndWritesNothing() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let id = try await app.submitAdHoc().id
            for uri in ["/v1/nominations/\(id)", "/v1/nominations/\(id)/history", "/v1/integrity", "/v1/workflows",
                        "/v1/council-sessions", "/v1/reports/statistics"] {
                #expect(try await app.send(.get, uri, as: ["auditor"]).status == .ok, "\(uri)")
            }
            let submit = try await app.send(.post, "/v1/nominations", as: ["auditor"], json: ServerFixture.adHocBody())
            #expect(submit.status == .forbidden)
            let seal = try await app.send(.post, "/v1/integrity/seals", as: ["auditor"])
            #expect(seal.status == .forbidden)
            let convene = try await app.send(.post, "/v1/council-sessions", as: ["auditor"], json: "{}")
            #expect(convene.status == .forbidden)
        }
    }

    @Test func aUnitOfficerSeesAndActsOnlyForTheirUnit() async throws {
        try await ServerFixture.run { app in
            let mine = try await app.submitAdHoc(unit: "vksnd-haiphong")
            let theirs = try await app.submitAdHoc(unit: "vksnd-quangninh")
            let other = try await app.send(.get, "/v1/nominations/\(theirs.id)", as: ["unit_officer"], unit: "vksnd-haiphong")
            #expect(other.status == .notFound)
            let withdraw = try await app.send(.post, "/v1/nominations/\(theirs.id)/withdraw", as: ["unit_officer"],
                                              unit: "vksnd-haiphong", json: #"{"reason": "Nhầm đơn vị"}"#)
            #expect(withdraw.status == .notFound)
            #expect(try await app.eventCount(unit: "vksnd-quangninh") == 1)
            let checkpoint = try #require(theirs.json["checkpoint"] as? String)
            let list = try await app.send(.get, "/v1/nominations?checkpoint=\(checkpoint)", as: ["unit_officer"], unit: "vksnd-haiphong")
            let ids = (list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["nomination_id"] as? String }
            #expect(ids == [mine.id])
            for path in ["/v1/nominations", "/v1/reports/statistics", "/v1/reports/deadlines"] {
                let asked = try await app.send(.get, "\(path)?unit=vksnd-quangninh", as: ["unit_officer"], unit: "vksnd-haiphong")
                #expect(asked.status == .forbidden, "\(path)")
                let own = try await app.send(.get, "\(path)?unit=vksnd-haiphong", as: ["unit_officer"], unit: "vksnd-haiphong")
                #expect(own.status == .ok, "\(path)")
            }
            let office = try await app.send(.get, "/v1/nominations?unit=vksnd-quangninh&checkpoint=\(checkpoint)", as: ["standing_office"],
                                            unit: ServerFixture.sector)
            #expect((office.json["items"] as? [[String: Any]])?.compactMap { $0["nomination_id"] as? String } == [theirs.id])
            let forOther = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], unit: "vksnd-haiphong",
                                              json: ServerFixture.adHocBody(unit: "vksnd-quangninh"))
            #expect(forOther.status == .forbidden)
            #expect(forOther.problemType == "urn:laurel:problem:unit_not_allowed")
        }
    }

    @Test func badTokensAreRefusedWith401() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            func status(_ authorization: String?) async throws -> Reply {
                var headers: HTTPFields = [:]
                if let authorization { headers[.authorization] = authorization }
                return try await app.send(.get, "/v1/workflows", as: nil, headers: headers)
            }
            let missing = try await status(nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            #expect(missing.headers[.contentType] == "application/problem+json")
            #expect(missing.problemType == "urn:laurel:problem:unauthenticated")

            let now = Date()
            let settings = ServerFixture.settings()
            let expired = try await app.services.authority.issue(
                subject: "u1", name: "A", roles: ["standing_office"], unit: "vksnd-hanoi", lifetime: .seconds(60),
                now: now.addingTimeInterval(-3600))
            #expect(try await status("Bearer \(expired)").status == .unauthorized)

            let otherKeys = JWTKeyCollection()
            await otherKeys.add(hmac: HMACKey(from: "another-secret-of-at-least-32-bytes!!"), digestAlgorithm: .sha256)
            let claims = LaurelClaims(subject: "u1", name: "A", roles: ["standing_office"], unit: "vksnd-hanoi",
                                      issuer: settings.tokenIssuer, issuedAt: now, expiresAt: now.addingTimeInterval(600))
            #expect(try await status("Bearer \(try await otherKeys.sign(claims))").status == .unauthorized)

            let valid = try await app.token(["standing_office"])
            let parts = valid.split(separator: ".").map(String.init)
            let noneHeader = Data(#"{"alg":"none","typ":"JWT"}"#.utf8).base64URL
            #expect(try await status("Bearer \(noneHeader).\(parts[1]).").status == .unauthorized)

            var payload = try JSONSerialization.jsonObject(with: Data(base64URL: parts[1])) as! [String: Any]
            payload["roles"] = ["head_of_agency"]
            let altered = try JSONSerialization.data(withJSONObject: payload).base64URL
            #expect(try await status("Bearer \(parts[0]).\(altered).\(parts[2])").status == .unauthorized)

            #expect(try await status("Basic \(valid)").status == .unauthorized)
            #expect(try await status("Bearer \(valid)").status == .ok)
        }
    }

    @Test func aTokenWithAnUnknownRoleOrAnotherIssuerIsRefused() async throws {
        try await ServerFixture.run(runProjections: false) { app in
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(from: ServerFixture.secret), digestAlgorithm: .sha256)
            let now = Date()
            for (roles, issuer) in [(["superuser"], "laurel"), (["standing_office"], "someone-else")] {
                let claims = LaurelClaims(subject: "u1", name: "A", roles: roles, unit: "vksnd-hanoi", issuer: issuer,
                                          issuedAt: now, expiresAt: now.addingTimeInterval(600))
                let reply = try await app.send(.get, "/v1/workflows", as: nil,
                                               headers: [.authorization: "Bearer \(try await keys.sign(claims))"])
                #expect(reply.status == .unauthorized, "\(roles) \(issuer)")
            }
        }
    }
}

extension Data {
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self = Data(base64Encoded: base64) ?? Data()
    }
}
