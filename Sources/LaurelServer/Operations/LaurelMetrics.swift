import CoreMetrics
import Prometheus

/// The process's Prometheus registry, behind swift-metrics.
///
/// Swift Metrics may be bootstrapped once per process and metric objects bind to the factory
/// current when they are made, so everything that records metrics touches `registry` first.
enum LaurelMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(CataloguedMetricsFactory(registry: registry))
        return registry
    }()
}

/// What a metric recorded through swift-metrics is called in Prometheus, and what it means.
struct CataloguedMetric: Sendable {
    let name: String
    let help: String
}

/// A swift-metrics factory that writes to the Prometheus registry under Prometheus's naming
/// conventions, with a `# HELP` line for every family.
///
/// Hummingbird's request metrics and the command handler's counter are recorded through
/// swift-metrics with labels such as `http.server.request.duration`; this factory renames them
/// (units and `_total` suffixes), describes them, drops the error counter that repeats the
/// request counter's status, and labels requests no route matched as one route, `unmatched`.
struct CataloguedMetricsFactory: MetricsFactory {
    let registry: PrometheusCollectorRegistry

    /// The metrics recorded through swift-metrics, by their swift-metrics label; nil drops one.
    static let catalogue: [String: CataloguedMetric?] = [
        "http.server.request.duration": CataloguedMetric(
            name: "http_server_request_duration_seconds",
            help: "Time from a request's arrival to its response's last byte, by route, method and status."),
        "hb.requests": CataloguedMetric(
            name: "http_server_requests_total", help: "Requests answered, by route, method and status."),
        "http.server.active_requests": CataloguedMetric(
            name: "http_server_active_requests", help: "Requests being served now, by method."),
        "hb.request.errors": nil,
        "laurel_append_conflicts_total": CataloguedMetric(
            name: "laurel_append_conflicts_total",
            help: "Appends refused because another writer moved the stream first; each command was decided again."),
    ]

    /// What labels a metric no entry of the catalogue describes.
    static let undescribed = "Recorded by a library; Laurel's catalogue does not describe it."

    private func named(_ label: String, _ dimensions: [(String, String)]) -> (CataloguedMetric, [(String, String)])? {
        let metric: CataloguedMetric
        switch Self.catalogue[label] {
        case .some(.none): return nil
        case .some(.some(let described)): metric = described
        case .none: metric = CataloguedMetric(name: label, help: Self.undescribed)
        }
        let labels = dimensions.map { key, value in
            (key.replacingDots(), key == "http.route" ? AccessLogMiddleware.route(value) : value)
        }
        return (metric, labels)
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        guard let (metric, labels) = named(label, dimensions) else { return NOOPMetricsHandler.instance }
        return registry.makeCounter(name: metric.name, labels: labels, help: metric.help)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        guard let (metric, labels) = named(label, dimensions) else { return NOOPMetricsHandler.instance }
        return registry.makeCounter(name: metric.name, labels: labels, help: metric.help)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard let (metric, labels) = named(label, dimensions) else { return NOOPMetricsHandler.instance }
        return aggregate
            ? registry.makeValueHistogram(name: metric.name, labels: labels, buckets: Self.valueBuckets, help: metric.help)
            : registry.makeGauge(name: metric.name, labels: labels, help: metric.help)
    }

    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        guard let (metric, labels) = named(label, dimensions) else { return NOOPMetricsHandler.instance }
        return registry.makeGauge(name: metric.name, labels: labels, help: metric.help)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        guard let (metric, labels) = named(label, dimensions) else { return NOOPMetricsHandler.instance }
        return registry.makeDurationHistogram(name: metric.name, labels: labels, buckets: Self.durationBuckets, help: metric.help)
    }

    func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    func destroyRecorder(_ handler: any RecorderHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
        if let histogram = handler as? Histogram<Double> { registry.unregisterValueHistogram(histogram) }
    }

    func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    func destroyTimer(_ handler: any TimerHandler) {
        if let histogram = handler as? Histogram<Duration> { registry.unregisterDurationHistogram(histogram) }
    }

    /// From 1 ms to 10 s: a request or a command under load stays well inside.
    private static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]
    private static let valueBuckets: [Double] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000]
}

private extension String {
    /// `http.route` → `http_route`: Prometheus label names have no dots.
    func replacingDots() -> String { String(map { $0 == "." ? "_" : $0 }) }
}
