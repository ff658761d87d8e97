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
}
