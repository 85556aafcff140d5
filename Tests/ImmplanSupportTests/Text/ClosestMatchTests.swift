import ImmplanSupport
import Testing

@Suite struct ClosestMatchTests {
  @Test func editDistances() {
    #expect(editDistance(Array("kitten"), Array("sitting")) == 3)
    #expect(editDistance(Array(""), Array("abc")) == 3)
    #expect(editDistance(Array("abc"), Array("")) == 3)
    #expect(editDistance(Array("abc"), Array("abc")) == 0)
    #expect(editDistance(Array("ab"), Array("ba")) == 1)
    #expect(editDistance(Array("instance_tpye"), Array("instance_type")) == 1)
  }

  @Test func suggestsNearNames() {
    let names = ["instance_type", "image", "tags", "user_data", "security_groups"]
    #expect(closestMatch(to: "instance_tpye", among: names) == "instance_type")
    #expect(closestMatch(to: "instancetype", among: names) == "instance_type")
    #expect(closestMatch(to: "tag", among: names) == "tags")
    #expect(closestMatch(to: "Image", among: names) == "image")
    #expect(closestMatch(to: "securitygroup", among: names) == "security_groups")
  }

  @Test func staysSilentWhenNothingIsClose() {
    #expect(closestMatch(to: "a", among: ["zzz"]) == nil)
    #expect(closestMatch(to: "xyz", among: ["image", "tags"]) == nil)
    #expect(closestMatch(to: "anything", among: []) == nil)
    #expect(closestMatch(to: "tags", among: ["tags"]) == nil)
  }

  @Test func tiesAreDeterministic() {
    #expect(closestMatch(to: "bat", among: ["cat", "bar"]) == "bar")
    #expect(closestMatch(to: "bat", among: ["bar", "cat"]) == "bar")
  }
}
