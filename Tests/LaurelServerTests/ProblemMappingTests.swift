@testable import Commands
@testable import LaurelServer
import Postgres
import Testing

/// Database errors a client can do something about are not 500s.
@Suite struct ProblemMappingTests {
    @Test(arguments: ["40P01", "40001"])
    func aTransactionTheDatabaseRolledBackForConcurrencyIsA503ToRetry(sqlState: String) {
        let error = PostgresError(code: .server, sqlState: SQLState(rawValue: sqlState), message: "deadlock detected")
        let problem = Problem.from(error)
        #expect(problem.statusCode == 503)
        #expect(problem.code == "service_unavailable")
        #expect(problem.retryAfterSeconds == 1)
    }

    @Test func anOutageIsA503AndAnythingUnforeseenA500() {
        #expect(Problem.from(PostgresError(code: .poolTimeout, message: "no connection")).statusCode == 503)
        #expect(Problem.from(PostgresError(code: .server, sqlState: SQLState(rawValue: "XX000"), message: "internal")).statusCode == 500)
    }

    @Test func theCommandHandlersRefusalsHaveStableTypes() {
        let conflict = Problem.from(CommandError.versionConflict(current: 3, expected: 2))
        #expect(conflict.statusCode == 409 && conflict.code == "version_conflict" && conflict.currentVersion == 3)
        let contended = Problem.from(CommandError.contended("procuracy/quota-u.t.2025"))
        #expect(contended.statusCode == 503 && contended.code == "contended" && contended.retryAfterSeconds == 1)
        let reused = Problem.from(CommandError.idempotencyKeyReused)
        #expect(reused.statusCode == 422 && reused.code == "idempotency_key_reused")
        let busy = Problem.from(CommandError.requestInProgress)
        #expect(busy.statusCode == 503 && busy.code == "service_unavailable")
    }
}
