import HTTPTypes
import Instrumentation
import OTel
import ServiceLifecycle
import Tracing

/// Tracing: spans for each request, each command's decision and append, and each projection
/// batch, exported over OTLP/HTTP when `tracing.otlp_endpoint` names a collector.
public enum LaurelTracing {
    /// Makes the OTLP exporter and installs its tracer for the process; nil (and nothing
    /// installed, so spans cost next to nothing) when no endpoint is set. Only traces: logs and
    /// metrics keep their own outputs (`log_format`, `/metrics`).
    ///
    /// - Returns: the exporter's service, to run beside the server: it sends the spans in batches
    ///   and flushes them at shutdown.
    public static func bootstrap(settings: ServerSettings) throws -> (any Service)? {
        guard !settings.tracingEndpoint.isEmpty else { return nil }
        var configuration = OTel.Configuration.default
        configuration.serviceName = "laurel"
        configuration.resourceAttributes = ["laurel.tenant": settings.tenant]
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.propagators = [.traceContext]
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.endpoint = settings.tracingEndpoint
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        let (tracer, service) = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(tracer)
        return service
    }
}

/// A W3C `traceparent` (`00-<32 hex trace id>-<16 hex span id>-<2 hex flags>`), read from a
/// request or from the current span.
enum Traceparent {
    /// The current span's, as the installed tracer writes it; else the request's own header
    /// when it is well formed (kept even when this process traces nothing, so the events still
    /// name the caller's trace); else nil.
    static func current(headers: HTTPFields) -> String? {
        var carrier: [String: String] = [:]
        InstrumentationSystem.instrument.inject(ServiceContext.current ?? .topLevel, into: &carrier, using: DictionaryInjector())
        return wellFormed(carrier["traceparent"]) ?? wellFormed(headers[HTTPField.Name("traceparent")!])
    }

    static func wellFormed(_ text: String?) -> String? {
        guard let text, text.utf8.count == 55 else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let hex = { (part: Substring) in part.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } }
        guard parts.count == 4, parts.map(\.count) == [2, 32, 16, 2], parts.allSatisfy(hex), parts[0] != "ff",
              parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" }) else { return nil }
        return text
    }
}

private struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key] = value
    }
}
