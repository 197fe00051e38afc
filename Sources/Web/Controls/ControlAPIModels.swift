import ComplianceCore
import Foundation
import Hummingbird
import UseCases

struct AdoptControlsRequest: StrictBody {
    static let fields: Set<String> = ["ids"]
    /// Library ids; all of the library when absent.
    let ids: [String]?
}

struct ControlRequest: StrictBody {
    static let fields: Set<String> = ["key", "title", "description", "type", "frequency", "owner_role", "criteria"]
    let key: String
    let title: String
    let description: String?
    let type: ControlType
    let frequency: Frequency
    let ownerRole: String?
    let criteria: [String]
    enum CodingKeys: String, CodingKey {
        case key, title, description, type, frequency, criteria
        case ownerRole = "owner_role"
    }
}

struct ControlUpdate: StrictBody {
    static let fields: Set<String> = ["status", "owner", "retired", "title", "description", "criteria", "frequency"]
    let status: ImplementationStatus?
    let owner: String?
    let retired: Bool?
    let title: String?
    let description: String?
    let criteria: [String]?
    let frequency: Frequency?
}

struct ControlList: ResponseEncodable {
    let count: Int
    let controls: [ProgrammeControlBody]

    init(count: Int, controls: [ProgrammeControl]) {
        self.count = count
        self.controls = controls.map(ProgrammeControlBody.init)
    }
}

struct ControlResult: ResponseEncodable {
    let control: ProgrammeControlBody
    let history: [ControlChange]?

    init(control: ProgrammeControl, history: [ControlChange]?) {
        self.control = ProgrammeControlBody(control)
        self.history = history
    }
}
