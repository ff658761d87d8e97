import EventStore
import Tracing

/// The span of a batch of events applied to read models.
///
/// A batch serves many requests at once, so it is a trace of its own, which links to the trace
/// of each request whose events it applies (from the `traceparent` their metadata kept, at most
/// 32). An empty read (a runner woken for nothing) is no work worth a span.
enum BatchSpan {
    static func record<T>(_ projections: [String], events: [RecordedEvent], _ apply: () throws -> T) throws -> T {
        guard !events.isEmpty else { return try apply() }
        return try withSpan("project \(projections.joined(separator: ", "))", context: .topLevel, ofKind: .consumer) { span in
            span.attributes["laurel.projections"] = projections.joined(separator: ",")
            span.attributes["laurel.events"] = events.count
            var linked = Set<String>()
            for event in events {
                guard linked.count < 32, let traceparent = event.metadata.traceparent, linked.insert(traceparent).inserted else { continue }
                var context = ServiceContext.topLevel
                InstrumentationSystem.instrument.extract(["traceparent": traceparent], into: &context, using: DictionaryExtractor())
                span.addLink(SpanLink(context: context, attributes: [:]))
            }
            return try apply()
        }
    }
}

/// Reads a `traceparent` kept in an event's metadata back into a span's context.
private struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}
