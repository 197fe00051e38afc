#!/usr/bin/env python3
"""Seeds an AWS account in moto's server with a known mix of passing and failing resources, for
`attest collect aws` tests and the side-by-side benchmark against Prowler.

The account is reached by assuming a role in it, so every run gets an account of its own and never
sees another test's buckets. Prints the temporary credentials as JSON on stdout:
{"account": ..., "access_key_id": ..., "secret_access_key": ..., "session_token": ...}

    scripts/collectors/seed-moto-aws.py --endpoint http://127.0.0.1:5055 --account 123456789012 --scale 1
Scale 1 is about 30 users, 10 buckets and 8 security groups; the benchmark uses --scale 10.
"""
import argparse
import json
import sys

import boto3

parser = argparse.ArgumentParser()
parser.add_argument("--endpoint", default="http://127.0.0.1:5055")
parser.add_argument("--account", default="123456789012")
parser.add_argument("--region", default="us-east-1")
parser.add_argument("--scale", type=int, default=1)
args = parser.parse_args()

base = dict(endpoint_url=args.endpoint, region_name=args.region, aws_access_key_id="AKIAIOSFODNN7SEEDING", aws_secret_access_key="seed")
role = boto3.client("sts", **base).assume_role(RoleArn=f"arn:aws:iam::{args.account}:role/attest-seed", RoleSessionName="seeding")["Credentials"]
creds = dict(
    endpoint_url=args.endpoint, region_name=args.region, aws_access_key_id=role["AccessKeyId"],
    aws_secret_access_key=role["SecretAccessKey"], aws_session_token=role["SessionToken"])


def client(name):
    return boto3.client(name, **creds)


iam, s3, ec2, rds, kms, logs = (client(n) for n in ("iam", "s3", "ec2", "rds", "kms", "logs"))
n = args.scale

# IAM: a third of the users sign in to the console, half of those without MFA; some hold keys,
# some have policies of their own (one of them administrator), a group carries the rest.
admin = iam.create_policy(PolicyName="Administrator", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))["Policy"]["Arn"]
readonly = iam.create_policy(PolicyName="ReadS3", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}))["Policy"]["Arn"]
iam.create_group(GroupName="engineers")
iam.attach_group_policy(GroupName="engineers", PolicyArn=readonly)
iam.put_group_policy(GroupName="engineers", PolicyName="everything", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}]}))
for i in range(30 * n):
    name = f"user-{i:04d}"
    iam.create_user(UserName=name)
    iam.add_user_to_group(GroupName="engineers", UserName=name)
    if i % 3 == 0:
        iam.create_login_profile(UserName=name, Password="Correct-Horse-9")
        if i % 6 == 0:
            serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]["SerialNumber"]
            iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321")
    if i % 4 == 0:
        iam.create_access_key(UserName=name)
    if i % 10 == 0:
        iam.create_access_key(UserName=name)
    if i % 15 == 0:
        iam.attach_user_policy(UserName=name, PolicyArn=admin if i % 30 == 0 else readonly)
    if i % 25 == 1:
        iam.put_user_policy(UserName=name, PolicyName="own", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}))
iam.update_account_password_policy(MinimumPasswordLength=8, PasswordReusePrevention=24, RequireSymbols=True)

# S3: versioning on half, access logging on a third, a TLS-only policy on a quarter, one public bucket.
logs_bucket = f"logs-{args.account}"
s3.create_bucket(Bucket=logs_bucket)
s3.put_bucket_acl(Bucket=logs_bucket, ACL="log-delivery-write")
for i in range(10 * n):
    name = f"data-{args.account}-{i:04d}"
    s3.create_bucket(Bucket=name)
    if i % 2 == 0:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    if i % 3 == 0:
        s3.put_bucket_logging(Bucket=name, BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": logs_bucket, "TargetPrefix": name + "/"}})
    if i % 4 == 0:
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"],
            "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
    if i % 5 == 0:
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    if i == 1:
        s3.put_bucket_acl(Bucket=name, ACL="public-read")

# EC2: security groups open to the internet on SSH, RDP or everything, the rest closed.
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
ec2.create_flow_logs(ResourceIds=[vpc], ResourceType="VPC", TrafficType="ALL", LogDestinationType="s3",
                     LogDestination=f"arn:aws:s3:::{logs_bucket}")
for i in range(8 * n):
    group = ec2.create_security_group(GroupName=f"sg-{i:04d}", Description="seeded", VpcId=vpc)["GroupId"]
    kind = i % 4
    if kind == 0:
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    elif kind == 1:
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    elif kind == 2 and i % 8 == 2:
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    else:
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
for i in range(2 * n):
    ec2.create_volume(AvailabilityZone=args.region + "a", Size=8, Encrypted=(i % 2 == 0))

# RDS, KMS, CloudWatch Logs: one of each verdict.
for i, (encrypted, backups, public) in enumerate([(True, 7, False), (False, 0, True), (True, 1, False)]):
    rds.create_db_instance(DBInstanceIdentifier=f"db-{i}", DBInstanceClass="db.t3.micro", Engine="postgres",
                           MasterUsername="admin", MasterUserPassword="correct-horse-9", AllocatedStorage=20,
                           StorageEncrypted=encrypted, BackupRetentionPeriod=backups, PubliclyAccessible=public)
for i in range(3):
    key = kms.create_key(Description=f"key-{i}")["KeyMetadata"]["KeyId"]
    if i == 0:
        kms.enable_key_rotation(KeyId=key)
for name, days in (("app", 30), ("audit", 400), ("forever", None)):
    logs.create_log_group(logGroupName=f"/attest/{name}")
    if days:
        logs.put_retention_policy(logGroupName=f"/attest/{name}", retentionInDays=days)

# CloudTrail: one multi-region trail without log validation; GuardDuty on; no Config recorder.
client("cloudtrail").create_trail(Name="main", S3BucketName=logs_bucket, IsMultiRegionTrail=True)
client("cloudtrail").start_logging(Name="main")
client("guardduty").create_detector(Enable=True)

json.dump({"account": args.account, "access_key_id": role["AccessKeyId"], "secret_access_key": role["SecretAccessKey"],
           "session_token": role["SessionToken"]}, sys.stdout)
print()
