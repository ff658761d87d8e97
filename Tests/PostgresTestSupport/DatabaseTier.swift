import Foundation
import Testing

extension Tag {
    /// Tests that need PostgreSQL (the database tier); the rest are the pure tier.
    @Tag public static var database: Self
}

/// Which tiers of the test suite run. `LAUREL_TEST_TIER=pure swift test` leaves the database
/// tier out on purpose: its suites are reported as cancelled, with the reason, never passed.
public enum TestTier {
    public static var runsDatabaseTests: Bool {
        ProcessInfo.processInfo.environment["LAUREL_TEST_TIER"] != "pure"
    }

    /// Cancels the running suite when the database tier is left out.
    static func requireDatabaseTier() throws {
        guard runsDatabaseTests else { try Test.cancel("the database tier is left out (LAUREL_TEST_TIER=pure)") }
    }
}

/// Marks a suite that needs PostgreSQL but not a database of the suite's own (it starts clusters
/// or creates databases itself): cancelled when the database tier is left out.
public struct DatabaseTierTrait: SuiteTrait, TestScoping {
    public var isRecursive: Bool { false }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try TestTier.requireDatabaseTier()
        try await function()
    }
}

extension Trait where Self == DatabaseTierTrait {
    /// A suite of the database tier without a fresh database; see ``DatabaseTierTrait``.
    public static var needsPostgreSQL: Self { DatabaseTierTrait() }
}
