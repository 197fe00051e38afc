import Catalogs
import ComplianceCore
import EvidenceStore
import Foundation
import UseCases

/// What the web layer needs from the outside: the use cases, the catalog, and a few settings.
public struct WebEnvironment: Sendable {
    public let workflows: Workflows
    public var evidence: EvidenceService { workflows.intake }
    public var log: TransparencyLog { evidence.log }
    public let catalog: Catalog
    /// Mark cookies `Secure` even without `X-Forwarded-Proto: https` (when TLS ends in front of Attest).
    public let secureCookies: Bool
    /// Shown under the login form by `serve --demo`.
    public let loginHint: String?
    public let throttle: LoginThrottle
    public let metrics: MetricsExporter
    /// Which proxies' `X-Forwarded-For` is believed.
    public let clientAddress: ClientAddress
    /// The bearer token `/metrics` asks for; nil turns the endpoint off.
    public let metricsToken: String?
    let evidenceJSON = EvidenceJSONCache()
    let responses = ResponseBodyCache()

    public init(
        workflows: Workflows, catalog: Catalog = CatalogLoader.bundled, secureCookies: Bool = false, loginHint: String? = nil,
        throttle: LoginThrottle = LoginThrottle(), metrics: MetricsExporter = MetricsExporter(), clientAddress: ClientAddress = ClientAddress(),
        metricsToken: String? = nil
    ) {
        self.metricsToken = metricsToken
        self.clientAddress = clientAddress
        self.workflows = workflows
        self.catalog = catalog
        self.secureCookies = secureCookies
        self.loginHint = loginHint
        self.throttle = throttle
        self.metrics = metrics
    }
}
