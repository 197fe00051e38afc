import ComplianceCore
import Foundation
import Hummingbird
import UseCases

struct LibraryInfo: Codable {
    let id: String
    let version: String
}

struct LibraryControls: ResponseEncodable {
    let library: LibraryInfo
    let count: Int
    let controls: [LibraryControl]
}

struct LibraryPolicies: ResponseEncodable {
    let count: Int
    let policies: [PolicyTemplate]
    let variables: [String]
}
