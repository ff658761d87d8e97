import Foundation
import HTTPTypes
import InMemoryTracing
import Instrumentation
@testable import LaurelServer
import PostgresTestSupport
import Synchronization
import Testing
import Tracing

/// Swift Distributed Tracing's in-memory tracer, speaking W3C `traceparent` as the OpenTelemetry
/// tracer does (the in-memory one has headers of its own): what the spans record can then be
/// checked against a caller's trace.
struct W3CInMemoryTracer: Tracer {
    let recorder: InMemoryTracer

    /// The process's tracer for tests, installed once (the tracing system is bootstrapped once
    /// per process); other suites' requests then record spans too, which the tests tell apart by
    /// their trace.
    static let installed: InMemoryTracer = {
        let hex = { @Sendable (bytes: Int) in (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined() }
        let recorder = InMemoryTracer(idGenerator: .init(nextTraceID: { hex(16) }, nextSpanID: { hex(8) }))
        InstrumentationSystem.bootstrap(W3CInMemoryTracer(recorder: recorder))
        return recorder
    }()

    func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> InMemorySpan {
        recorder.startSpan(operationName, context: context(), ofKind: kind, at: instant(), function: function, file: fileID, line: line)
    }

    func forceFlush() { recorder.forceFlush() }

    func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject.Carrier == Carrier {
        guard let span = context.inMemorySpanContext else { return }
        injector.inject("00-\(span.traceID)-\(span.spanID)-01", forKey: "traceparent", into: &carrier)
    }

    func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract.Carrier == Carrier {
        guard let value = extractor.extract(key: "traceparent", from: carrier), Traceparent.wellFormed(value) != nil else { return }
        let parts = value.split(separator: "-").map(String.init)
        context.inMemorySpanContext = InMemorySpanContext(traceID: parts[1], spanID: parts[2], parentSpanID: nil)
    }
}

@Suite(.freshDatabase, .tags(.database))
struct TracingTests {
    /// A request that carries a caller's `traceparent` continues that trace: the request's span
    /// is the caller's child, the decision and the append are the request's, with the command and
    /// the nomination as attributes; the events keep the trace, and the read model's batch that
    /// applies them links to it.
    @Test func aCommandsSpansContinueTheCallersTraceIntoTheLogAndTheReadModels() async throws {
        let tracer = W3CInMemoryTracer.installed
        let traceID = String(repeating: "4bf92f3577b34da6", count: 2)
        let callerSpan = "00f067aa0ba902b7"
        try await ServerFixture.run { app in
            let submitted = try await app.send(.post, "/v1/nominations", as: ["unit_officer"], json: ServerFixture.adHocBody(name: "Lê Thị Vết"),
                                               headers: [HTTPField.Name("traceparent")!: "00-\(traceID)-\(callerSpan)-01"])
            #expect(submitted.status == .created, "\(submitted.text)")
            let checkpoint = try #require(submitted.json["checkpoint"] as? String)
            #expect(try await app.send(.get, "/v1/nominations?checkpoint=\(checkpoint)", as: ["auditor"]).status == .ok)

            let spans = tracer.finishedSpans.filter { $0.traceID == traceID }
            let request = try #require(tracer.activeSpans.first { $0.traceID == traceID && $0.kind == .server }.map(\.spanContext)
                                       ?? spans.first { $0.kind == .server }?.spanContext, "the request's span")
            #expect(request.parentSpanID == callerSpan, "the request continues the caller's span")
            for name in ["decide", "append"] {
                let span = try #require(spans.first { $0.operationName == name }, "\(name): \(spans.map(\.operationName))")
                #expect(span.parentSpanID == request.spanID, "\(name) is the request's child")
                #expect(span.attributes["laurel.nomination_id"]?.toSpanAttribute() == .string(submitted.id))
                #expect(span.attributes["laurel.command"]?.toSpanAttribute() == .string("POST /v1/nominations"))
            }

            let stored: String = try await app.services.pool.query(
                "SELECT metadata->>'traceparent' FROM events WHERE stream = $1", ["nomination-\(submitted.id)"])[0].decode(0)
            #expect(stored.hasPrefix("00-\(traceID)-"), "the event names the trace: \(stored)")
            let history = try await app.send(.get, "/v1/nominations/\(submitted.id)/history", as: ["auditor"], unit: ServerFixture.sector)
            #expect(history.array.first?["traceparent"] as? String == stored, "an auditor sees the trace beside the correlation id")

            let batch = try #require(tracer.finishedSpans.first { span in
                span.operationName.hasPrefix("project ") && span.links.contains { $0.context.inMemorySpanContext?.traceID == traceID }
            }, "a read model's batch links to the request's trace")
            #expect(batch.traceID != traceID, "a batch is a trace of its own")
            #expect(batch.kind == .consumer)
        }
    }

    @Test func onlyAWellFormedTraceparentIsKept() {
        #expect(Traceparent.wellFormed("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") != nil)
        for bad in ["00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e473x-00f067aa0ba902b7-01"] {
            #expect(Traceparent.wellFormed(bad) == nil, "\(bad)")
        }
    }
}
