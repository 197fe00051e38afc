/// Everything a programme is built from: the criteria, the control library, policy templates,
/// request templates and the ISO/IEC 27001 crosswalk. Shipped as files (the Catalogs module loads
/// and checks them); passed in, so tests and installations can use other content.
public struct ProgrammeContent: Sendable {
    public let catalog: Catalog
    public let library: ControlLibrary
    public let policies: [PolicyTemplate]
    public let requests: [RequestTemplate]
    public let crosswalk: Crosswalk

    public init(catalog: Catalog, library: ControlLibrary, policies: [PolicyTemplate], requests: [RequestTemplate], crosswalk: Crosswalk) {
        self.catalog = catalog
        self.library = library
        self.policies = policies
        self.requests = requests
        self.crosswalk = crosswalk
    }

    public func policyTemplate(_ id: String) -> PolicyTemplate? { policies.first { $0.id == id } }
}
