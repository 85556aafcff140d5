/// ImmplanSupport: the lowest module, standard library only. SHA-256 and HMAC-SHA256
/// (``SHA256``, ``HMACSHA256``), hex and Base64 (``Hex``, ``Base64``), and small helpers such as
/// ``closestMatch(to:among:)`` for "did you mean" suggestions.
public enum ImmplanSupportModule {}
