import Workflow

extension WorkflowRegistry {
    /// Every published definition of every kind, oldest first: nominations in flight keep theirs.
    package var allDefinitions: [WorkflowDefinition] {
        kinds.flatMap { kind in
            sequence(first: 1) { $0 + 1 }.lazy.prefix { definition(kind: kind, version: $0) != nil }
                .compactMap { definition(kind: kind, version: $0) }
        }
    }

    /// The roles that may run `command` in some state of some workflow; anyone else is refused
    /// before the nomination is even loaded.
    func roles(for command: String) -> Set<String> {
        var roles: Set<String> = []
        for definition in allDefinitions {
            switch command {
            case HoldPolicy.placeCommand: roles.formUnion(definition.holds.placeRoles)
            case HoldPolicy.liftCommand: roles.formUnion(definition.holds.liftRoles)
            default:
                for transition in definition.transitions where transition.command == command {
                    roles.formUnion(transition.roles)
                }
            }
        }
        return roles
    }
}
