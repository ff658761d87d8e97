extension WorkflowDefinition {
    /// Parses every version (YAML document) in one workflow file, without validating the graph.
    ///
    /// - Throws: `ConfigError` for a malformed file; use `WorkflowLoader` to parse and validate.
    public static func parse(file: String, text: String) throws -> [WorkflowDefinition] {
        try ConfigNode.parseDocuments(file: file, text: text).map(parse(document:))
    }

    static func parse(document: ConfigNode) throws -> WorkflowDefinition {
        let root = try document.mapping()
        try root.rejectUnknownKeys(["kind", "version", "description", "initial", "roles", "states", "transitions", "holds"])
        let holdsNode = try root.required("holds")
        let holds = try holdsNode.mapping()
        let kind = try root.required("kind")
        let initial = try root.required("initial")
        try holds.rejectUnknownKeys(["kinds", "place_roles", "lift_roles", "allowed_commands"])
        return WorkflowDefinition(
            kind: try kind.string(),
            version: try root.required("version").int(),
            file: document.file,
            line: kind.line,
            initialState: try initial.string(),
            initialStateLine: initial.line,
            roles: try root.required("roles").stringList(),
            states: try root.required("states").list().map(parseState),
            transitions: try root.required("transitions").list().map(parseTransition),
            holds: HoldPolicy(
                kinds: try holds.required("kinds").stringList(),
                placeRoles: try holds.required("place_roles").stringList(),
                liftRoles: try holds.required("lift_roles").stringList(),
                allowedCommands: try holds.optional("allowed_commands")?.stringList() ?? [],
                line: holdsNode.line
            )
        )
    }

    private static func parseState(_ node: ConfigNode) throws -> StateDefinition {
        let state = try node.mapping()
        try state.rejectUnknownKeys(["name", "deadline_working_days", "terminal", "description"])
        let deadline = try state.optional("deadline_working_days")?.int()
        if let deadline, deadline <= 0 {
            throw node.error("deadline_working_days must be a positive number of working days")
        }
        return StateDefinition(
            name: try state.required("name").string(),
            deadlineWorkingDays: deadline,
            isTerminal: try state.optional("terminal")?.bool() ?? false,
            line: node.line
        )
    }

    private static func parseTransition(_ node: ConfigNode) throws -> Transition {
        let transition = try node.mapping()
        try transition.rejectUnknownKeys(["command", "from", "to", "roles", "guards", "description"])
        let to = try transition.required("to")
        let targets: [Transition.Target]
        if case .mapping = to.value {
            targets = try to.mapping().entries.map {
                Transition.Target(outcome: $0.key, state: try $0.value.string(), line: $0.value.line)
            }
        } else {
            targets = [Transition.Target(outcome: nil, state: try to.string(), line: to.line)]
        }
        let from = try transition.required("from")
        let sources: [String]
        if case .sequence = from.value {
            sources = try from.stringList()
        } else {
            sources = [try from.string()]
        }
        return Transition(
            command: try transition.required("command").string(),
            from: sources,
            targets: targets,
            roles: try transition.required("roles").stringList(),
            guards: try transition.optional("guards")?.stringList() ?? [],
            line: node.line
        )
    }
}
