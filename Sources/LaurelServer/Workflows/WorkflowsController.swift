import Hummingbird
import Workflow

/// `/v1/workflows`: the definitions nominations follow, and their graphs.
struct WorkflowsController {
    let services: LaurelServices

    func addRoutes(to group: RouterGroup<LaurelRequestContext>) {
        group.get("workflows", use: list)
        group.get("workflows/:kind", use: show)
        group.get("workflows/:kind/graph", use: graph)
    }

    /// Every version of every kind: nominations in flight may follow an older one.
    @Sendable func list(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<[WorkflowView]> {
        JSONResponse(try context.requireTenant().domain.workflows.allDefinitions.map(WorkflowView.init))
    }

    @Sendable func show(_ request: Request, context: LaurelRequestContext) async throws -> JSONResponse<WorkflowView> {
        let version = try FieldReader(query: request.uri.queryParameters).read { .some(Self.version($0)) }
        return JSONResponse(WorkflowView(try definition(context, version: version)))
    }

    /// The state machine as a Mermaid (default) or Graphviz dot graph.
    @Sendable func graph(_ request: Request, context: LaurelRequestContext) async throws -> Response {
        let (version, format) = try FieldReader(query: request.uri.queryParameters).read { query in
            (Self.version(query),
             query.choice("format", GraphFormat.allCases.map(\.rawValue), required: false).flatMap(GraphFormat.init) ?? .mermaid)
        }
        let definition = try definition(context, version: version)
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: definition.graph(format: format))))
    }

    private static func version(_ query: FieldReader) -> Int? {
        query.integer("version", in: 1...10_000, required: false)
    }

    /// The definition the path names, at `version` or the latest.
    private func definition(_ context: LaurelRequestContext, version: Int?) throws -> WorkflowDefinition {
        let workflows = try context.requireTenant().domain.workflows
        let kind = context.parameters.get("kind") ?? ""
        let found = version.map { workflows.definition(kind: kind, version: $0) } ?? workflows.latest(kind: kind)
        guard let definition = found else {
            throw Problem.notFound("no workflow '\(kind.prefix(64))'\(version.map { " version \($0)" } ?? "")")
        }
        return definition
    }
}

/// A workflow definition as JSON.
struct WorkflowView: Encodable {
    struct State: Encodable {
        let name: String
        let deadlineWorkingDays: Int?
        let terminal: Bool
    }

    struct Target: Encodable {
        let outcome: String?
        let state: String
    }

    struct Step: Encodable {
        let command: String
        let from: [String]
        let to: [Target]
        let roles: [String]
        let guards: [String]
    }

    struct Holds: Encodable {
        let kinds: [String]
        let placeRoles: [String]
        let liftRoles: [String]
        let allowedCommands: [String]
    }

    let kind: String
    let version: Int
    let initialState: String
    let roles: [String]
    let states: [State]
    let transitions: [Step]
    let holds: Holds

    init(_ definition: WorkflowDefinition) {
        kind = definition.kind
        version = definition.version
        initialState = definition.initialState
        roles = definition.roles
        states = definition.states.map { State(name: $0.name, deadlineWorkingDays: $0.deadlineWorkingDays, terminal: $0.isTerminal) }
        transitions = definition.transitions.map { transition in
            Step(command: transition.command, from: transition.from,
                 to: transition.targets.map { Target(outcome: $0.outcome, state: $0.state) }, roles: transition.roles,
                 guards: transition.guards)
        }
        holds = Holds(kinds: definition.holds.kinds, placeRoles: definition.holds.placeRoles,
                      liftRoles: definition.holds.liftRoles, allowedCommands: definition.holds.allowedCommands)
    }
}
