import Commands
import Crypto
import EventStore
import Nominations
import Workflow

/// One tenant's (one agency's) part of the service: its configuration, its command handler and
/// the keys its tokens are verified with.
///
/// Routes take it from the request's context (``LaurelRequestContext/tenant``), where
/// authentication put the tenant of the verified token, so every query and command of a request
/// is confined to that tenant: its id leads every key the queries and commands use.
public final class TenantServices: Sendable {
    /// The tenant's id, the first part of every stream name and read-model key of its data.
    public let id: String
    public let domain: DomainConfiguration
    /// Units, councils and headcounts from the tenant's `organization.yaml`.
    public var organization: Organization { domain.organization }
    /// Nomination, council session and account commands, through a command handler of this tenant.
    package let commands: NominationCommands
    /// ``LaurelServices/knownRoles(of:)`` of the tenant's domain.
    package let roles: Set<String>
    /// Verifies the tokens that name this tenant, with its keys alone.
    public let authority: TokenAuthority
    /// Seals the checkpoints of this tenant's commands and opens the ones its queries pass back.
    public let checkpoints: CheckpointTokens
    /// The roles that may run each nomination command, worked out once from the tenant's workflows.
    let rolesByCommand: [String: Set<String>]

    init(id: String, domain: DomainConfiguration, store: EventStore, authority: TokenAuthority, checkpointKey: SymmetricKey,
         today: @escaping @Sendable () -> LocalDate) {
        self.id = id
        self.domain = domain
        self.authority = authority
        checkpoints = CheckpointTokens(installationKey: checkpointKey, tenant: id)
        roles = LaurelServices.knownRoles(of: domain)
        commands = NominationCommands(handler: CommandHandler(store: store, tenant: id), tenant: id, configuration: domain,
                                      today: today)
        rolesByCommand = Self.rolesByCommand(in: domain.workflows)
    }

    /// The roles that may run each command of `workflows`. A head's commands are also let through
    /// for a deputy head, whom the decision refuses unless a delegation is in force.
    private static func rolesByCommand(in workflows: WorkflowRegistry) -> [String: Set<String>] {
        Dictionary(uniqueKeysWithValues: NominationCommand.payloadTypes.map { type in
            let roles = workflows.roles(for: type.name)
            return (type.name, roles.contains("head_of_agency") ? roles.union([HeadDelegations.deputyRole]) : roles)
        })
    }
}
