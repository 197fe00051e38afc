import Foundation
import Metrics
import Prometheus

/// Prometheus metrics for `/metrics`. The process bootstraps swift-metrics once with `factory`;
/// tests build their own exporter and never touch the global system.
public struct MetricsExporter: Sendable {
    public let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// The factory to pass to `MetricsSystem.bootstrap` at start.
    public var factory: PrometheusMetricsFactory { PrometheusMetricsFactory(registry: registry) }

    /// The text exposition format.
    public func render() -> String { registry.emitToString() }
}
