import ComplianceCore

/// The JSON shapes of the log's proofs, shared by the API and the CLI so both print the same
/// document (keys become snake_case in either encoder).
public struct InclusionProofDocument: Codable, Sendable {
    public let leafIndex: Int
    public let treeSize: Int
    /// Hex SHA-256 node hashes, leaf to root.
    public let auditPath: [String]

    public init(leafIndex: Int, treeSize: Int, auditPath: [[UInt8]]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.auditPath = auditPath.map(\.hex)
    }
}

public struct ConsistencyProofDocument: Codable, Sendable {
    public let first: Int
    public let second: Int
    public let proof: [String]

    public init(first: Int, second: Int, proof: [[UInt8]]) {
        self.first = first
        self.second = second
        self.proof = proof.map(\.hex)
    }
}
