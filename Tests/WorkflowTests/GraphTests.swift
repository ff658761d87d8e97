import Testing
import Workflow

@Suite struct GraphTests {
    @Test func drawsMermaid() throws {
        let definition = try #require(try loadSample().latest(kind: "sample"))
        #expect(definition.graph(format: .mermaid) == """
            ---
            title: sample v1
            ---
            stateDiagram-v2
                [*] --> draft
                submitted : submitted (5 working days)
                draft --> submitted : submit [eligible]
                submitted --> approved : approve
                submitted --> withdrawn : withdraw
                approved --> [*]
                withdrawn --> [*]

            """)
    }

    @Test func drawsDot() throws {
        let definition = try #require(try loadSample().latest(kind: "sample"))
        #expect(definition.graph(format: .dot) == """
            digraph "sample_v1" {
                rankdir=LR;
                node [shape=box, style=rounded];
                "__start" [shape=point];
                "draft" [label="draft"];
                "submitted" [label="submitted\\n(5 working days)"];
                "approved" [label="approved", peripheries=2];
                "withdrawn" [label="withdrawn", peripheries=2];
                "__start" -> "draft";
                "draft" -> "submitted" [label="submit [eligible]"];
                "submitted" -> "approved" [label="approve"];
                "submitted" -> "withdrawn" [label="withdraw"];
            }

            """)
    }

    @Test(arguments: GraphFormat.allCases)
    func isDeterministic(format: GraphFormat) throws {
        let first = try #require(try loadSample().latest(kind: "sample")).graph(format: format)
        let second = try #require(try loadSample().latest(kind: "sample")).graph(format: format)
        #expect(Array(first.utf8) == Array(second.utf8))
    }
}
