public enum ImmplanSupportModule {}
