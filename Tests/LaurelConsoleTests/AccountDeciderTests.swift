import Foundation
import LaurelServer
import Nominations
import Testing

/// The account aggregate's decisions, pure: no database.
@Suite struct AccountDeciderTests {
    static let domain = try! ConfigFiles.load(ConfigFiles.read(root: repositoryRoot.appendingPathComponent("config")))
    static let administrator = Actor(id: "admin", roles: ["administrator"], unit: "vksndtc")
    static let context = AccountContext(actor: administrator, organization: domain.organization,
                                        knownRoles: LaurelServices.knownRoles(of: domain))
    static let hash = "$2b$04$" + String(repeating: "a", count: 53)

    func decide(_ command: AccountCommand, after events: [AccountEvent] = [], as actor: Actor = administrator) throws(DomainError) -> [AccountEvent] {
        let context = AccountContext(actor: actor, organization: Self.domain.organization, knownRoles: Self.context.knownRoles)
        return try Account.decide(command, Account.fold(events), context)
    }

    var created: [AccountEvent] {
        get throws { try decide(.create(login: "lan.nguyen", name: "Nguyễn Thị Lan", unit: "vksnd-hanoi", roles: ["unit_officer"])) }
    }

    @Test func anAdministratorCreatesAnAccountWithItsPersonUnitAndRoles() throws {
        let events = try created
        guard case .created(let created)? = events.first else { Issue.record("no account.created: \(events)"); return }
        #expect(created.login == "lan.nguyen" && created.name == "Nguyễn Thị Lan" && created.unit == "vksnd-hanoi")
        #expect(created.roles == ["unit_officer"])
        let account = Account.fold(events)
        #expect(account.exists && account.roles == ["unit_officer"] && account.passwordHash == nil)
    }

    @Test func onlyAnAdministratorManagesAccounts() throws {
        let officer = Actor(id: "lan.nguyen", roles: ["unit_officer"], unit: "vksnd-hanoi")
        #expect(throws: DomainError.self) {
            try decide(.create(login: "x.y", name: "X", unit: "vksnd-hanoi", roles: ["auditor"]), as: officer)
        }
        #expect(throws: DomainError.self) { try decide(.changeRoles(login: "lan.nguyen", roles: ["administrator"]), after: try created, as: officer) }
    }

    @Test func aPersonSetsTheirOwnPassword() throws {
        let herself = Actor(id: "lan.nguyen", roles: ["unit_officer"], unit: "vksnd-hanoi")
        let events = try decide(.setPassword(login: "lan.nguyen", passwordHash: Self.hash), after: try created, as: herself)
        #expect(Account.fold(try created + events).passwordHash == Self.hash)
    }

    @Test func aLoginIsTakenOnce() throws {
        let error = #expect(throws: DomainError.self) {
            try decide(.create(login: "lan.nguyen", name: "Other", unit: "vksnd-hanoi", roles: ["auditor"]), after: try created)
        }
        #expect(error?.code == .alreadyExists)
    }

    @Test(arguments: ["A", "x", "has space", "ünïcode", "-dash", String(repeating: "a", count: 65)])
    func aLoginThatCannotBeIsRefused(login: String) {
        #expect(throws: DomainError.self) { try decide(.create(login: login, name: "X", unit: "vksnd-hanoi", roles: ["auditor"])) }
    }

    @Test func unknownUnitsAndRolesAreRefused() {
        #expect(throws: DomainError.self) { try decide(.create(login: "a.b", name: "X", unit: "vksnd-nowhere", roles: ["auditor"])) }
        #expect(throws: DomainError.self) { try decide(.create(login: "a.b", name: "X", unit: "vksnd-hanoi", roles: ["superuser"])) }
        #expect(throws: DomainError.self) { try decide(.create(login: "a.b", name: "X", unit: "vksnd-hanoi", roles: [])) }
    }

    @Test func rolesAndUnitChangesRecordWhatWasHeldBefore() throws {
        let roles = try decide(.changeRoles(login: "lan.nguyen", roles: ["unit_officer", "inspector"]), after: try created)
        guard case .rolesChanged(let changed)? = roles.first else { Issue.record("\(roles)"); return }
        #expect(changed.roles == ["inspector", "unit_officer"] && changed.previousRoles == ["unit_officer"])
        let unit = try decide(.changeUnit(login: "lan.nguyen", unit: "vksndtc"), after: try created)
        guard case .unitChanged(let moved)? = unit.first else { Issue.record("\(unit)"); return }
        #expect(moved.unit == "vksndtc" && moved.previousUnit == "vksnd-hanoi")
        #expect(try decide(.changeUnit(login: "lan.nguyen", unit: "vksnd-hanoi"), after: try created).isEmpty)
    }

    @Test func aDisabledAccountChangesNoMore() throws {
        let disabled = try created + decide(.disable(login: "lan.nguyen", reason: "Chuyển công tác"), after: try created)
        #expect(Account.fold(disabled).isDisabled)
        let error = #expect(throws: DomainError.self) { try decide(.changeRoles(login: "lan.nguyen", roles: ["auditor"]), after: disabled) }
        #expect(error?.code == .transitionNotAllowed)
        #expect(throws: DomainError.self) { try decide(.disable(login: "lan.nguyen", reason: " "), after: try created) }
    }

    @Test func aPasswordIsRecordedOnlyAsABcryptHash() throws {
        #expect(throws: DomainError.self) { try decide(.setPassword(login: "lan.nguyen", passwordHash: "hunter22hunter22"), after: try created) }
        let error = #expect(throws: DomainError.self) { try decide(.setPassword(login: "nobody", passwordHash: Self.hash)) }
        #expect(error?.code == .accountNotFound)
    }
}

/// The repository's root, found from this file.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
