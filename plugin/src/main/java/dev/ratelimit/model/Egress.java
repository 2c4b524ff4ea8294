package dev.ratelimit.model;

/** Where the proxies' calls leave AWS from (SPEC §9 Egress). */
public enum Egress {
  /** No VPC: Lambda's own egress, addresses shared and unannounced by AWS. */
  SHARED,
  /** A VPC built by the template: per proxy a private subnet, a NAT gateway and an Elastic IP. */
  STATIC_IPS,
  /** The user's subnets, one per proxy, and security groups; the template builds no network. */
  SUBNETS
}
