import Metrics
import Prometheus

/// The process's Prometheus registry, behind swift-metrics.
///
/// Swift Metrics may be bootstrapped once per process and metric objects bind to the factory
/// current when they are made, so everything that records metrics touches `registry` first.
enum LaurelMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
