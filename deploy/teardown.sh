#!/usr/bin/env bash
# Deletes the compute stack, then the data-plane stack. The table and the archive bucket outlive the
# stack (DeletionPolicy: Retain): the data is kept unless --delete-data is given, which then deletes
# the table and every version of every archived object. ECR images and the template bucket are kept.
set -euo pipefail

stack=ingestion region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}" delete_data=false dry_run=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stack) stack="$2"; shift 2 ;;
    --region) region="$2"; shift 2 ;;
    --delete-data) delete_data=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    *) echo "usage: deploy/teardown.sh [--stack NAME] [--region REGION] [--delete-data] [--dry-run]" >&2; exit 2 ;;
  esac
done
[[ -n "$region" ]] || { echo "no region: pass --region or set AWS_REGION" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=deploy/common.sh
source "$root/deploy/common.sh"

output() {
  capture "$2" aws cloudformation describe-stacks --region "$region" --stack-name "$stack" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
table="$(output DataStoreTableName datastore)"
bucket="$(output ArchiveBucketName ingestion-archive-000000000000-"$region")"

step "Compute: stack $stack-compute"
run aws cloudformation delete-stack --region "$region" --stack-name "$stack-compute"
run aws cloudformation wait stack-delete-complete --region "$region" --stack-name "$stack-compute"
step "Data plane: stack $stack (the table $table and the bucket $bucket are retained)"
run aws cloudformation delete-stack --region "$region" --stack-name "$stack"
run aws cloudformation wait stack-delete-complete --region "$region" --stack-name "$stack"

if [[ "$delete_data" == true ]]; then
  step "Deleting the data: table $table, bucket $bucket with every object version"
  run aws dynamodb delete-table --region "$region" --table-name "$table"
  while true; do
    batch="$(capture '{"Objects": null}' aws s3api list-object-versions --region "$region" --bucket "$bucket" --max-items 1000 \
      --query '{Objects: [Versions, DeleteMarkers][][].{Key: Key, VersionId: VersionId}}' --output json)"
    [[ "$batch" == *'"Key"'* ]] || break
    echo "$batch" > "${TMPDIR:-/tmp}/ingestion-teardown-batch.json"
    run aws s3api delete-objects --region "$region" --bucket "$bucket" --delete "file://${TMPDIR:-/tmp}/ingestion-teardown-batch.json" > /dev/null
  done
  run aws s3api delete-bucket --region "$region" --bucket "$bucket"
else
  echo "Kept: table $table and bucket $bucket (deploy again with an import, or run with --delete-data to remove them)."
fi
