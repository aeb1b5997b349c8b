#!/usr/bin/env bash
# Deploys the whole system to the AWS account of the current credentials (AWS CLI v2 and the .NET SDK):
#   1. ECR repositories ingestion-api and ingestion-worker, and the two images pushed there by
#      `dotnet publish -t:PublishContainer` (no Docker needed);
#   2. the data-plane stack (cloudformation/ingestion.yaml): topic, queues, table, bucket, roles, key secrets;
#   3. the compute stack, written for that data plane by Ingestion.Deployment: the API on Fargate behind
#      a load balancer, one service per worker, telemetry, alarms;
# then prints the API's URL and how to fetch each caller's API key. `--dry-run` prints every command
# instead of running it (what the tests check). Re-running updates both stacks in place.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: deploy/deploy.sh [--stack NAME] [--region REGION] [--name-prefix PREFIX] [--sources A,B]
                        [--neighbourhoods A,B] [--certificate-arn ARN] [--alarm-email ADDRESS]
                        [--tag TAG] [--dry-run]
  --stack            data-plane stack name (default ingestion); the compute stack is <stack>-compute
  --name-prefix      NamePrefix of every physical name (default ingestion; lowercase, at most 20)
  --certificate-arn  ACM certificate for HTTPS on the load balancer (default: HTTP only)
  --alarm-email      subscribe this address to the alarm topic
USAGE
}

stack=ingestion region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}" prefix=ingestion sources="" neighbourhoods=""
certificate="" email="" tag="" dry_run=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stack) stack="$2"; shift 2 ;;
    --region) region="$2"; shift 2 ;;
    --name-prefix) prefix="$2"; shift 2 ;;
    --sources) sources="$2"; shift 2 ;;
    --neighbourhoods) neighbourhoods="$2"; shift 2 ;;
    --certificate-arn) certificate="$2"; shift 2 ;;
    --alarm-email) email="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ -n "$region" ]] || { echo "no region: pass --region or set AWS_REGION" >&2; exit 2; }
[[ "$prefix" =~ ^[a-z][a-z0-9-]{0,19}$ ]] || { echo "--name-prefix must be lowercase letters, digits and hyphens, at most 20" >&2; exit 2; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=deploy/common.sh
source "$root/deploy/common.sh"

account="$(capture 000000000000 aws sts get-caller-identity --query Account --output text)"
registry="$account.dkr.ecr.$region.amazonaws.com"
tag="${tag:-$(git -C "$root" rev-parse --short=12 HEAD)}"
artifacts="$prefix-deploy-$account-$region"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step "ECR repositories and images ($registry, tag $tag)"
for repository in ingestion-api ingestion-worker; do
  if ! quietly aws ecr describe-repositories --region "$region" --repository-names "$repository"; then
    run aws ecr create-repository --region "$region" --repository-name "$repository" \
      --image-scanning-configuration scanOnPush=true --image-tag-mutability IMMUTABLE
  fi
done
# The SDK's container tooling reads registry credentials from these two variables.
export DOTNET_CONTAINER_REGISTRY_UNAME=AWS
DOTNET_CONTAINER_REGISTRY_PWD="$(capture ecr-token aws ecr get-login-password --region "$region")"
export DOTNET_CONTAINER_REGISTRY_PWD
for project in Api:ingestion-api Workers:ingestion-worker; do
  run dotnet publish "$root/Ingestion.${project%%:*}" -c Release -t:PublishContainer \
    -p:ContainerRegistry="$registry" -p:ContainerRepository="${project#*:}" -p:ContainerImageTag="$tag"
done

step "Template bucket $artifacts (the compute template is larger than CloudFormation's 51 KB inline limit)"
if ! quietly aws s3api head-bucket --bucket "$artifacts"; then
  if [[ "$region" == us-east-1 ]]; then
    run aws s3api create-bucket --bucket "$artifacts" --region "$region"
  else
    run aws s3api create-bucket --bucket "$artifacts" --region "$region" --create-bucket-configuration "LocationConstraint=$region"
  fi
  run aws s3api put-public-access-block --bucket "$artifacts" \
    --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
fi

data_plane_parameters=("NamePrefix=$prefix")
[[ -n "$sources" ]] && data_plane_parameters+=("Sources=$sources")
[[ -n "$neighbourhoods" ]] && data_plane_parameters+=("Neighbourhoods=$neighbourhoods")

step "Data plane: stack $stack"
run aws cloudformation deploy --region "$region" --stack-name "$stack" \
  --template-file "$root/cloudformation/ingestion.yaml" --s3-bucket "$artifacts" --s3-prefix "$stack" \
  --capabilities CAPABILITY_NAMED_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset \
  --parameter-overrides "${data_plane_parameters[@]}"

step "Compute: stack $stack-compute"
generator_parameters=()
for parameter in "${data_plane_parameters[@]}"; do generator_parameters+=(--parameter "$parameter"); done
run dotnet run --project "$root/Ingestion.Deployment" -c Release -- compute \
  --data-plane "$root/cloudformation/ingestion.yaml" --output "$work/compute.json" "${generator_parameters[@]}"
run aws cloudformation deploy --region "$region" --stack-name "$stack-compute" \
  --template-file "$work/compute.json" --s3-bucket "$artifacts" --s3-prefix "$stack-compute" \
  --capabilities CAPABILITY_IAM --no-fail-on-empty-changeset \
  --parameter-overrides "DataPlaneStack=$stack" "ApiImage=$registry/ingestion-api:$tag" \
  "WorkerImage=$registry/ingestion-worker:$tag" "CertificateArn=$certificate" "AlarmEmail=$email"

api_url="$(capture http://ingestion-compute-loadbalancer.example aws cloudformation describe-stacks --region "$region" \
  --stack-name "$stack-compute" --query "Stacks[0].Outputs[?OutputKey=='ApiUrl'].OutputValue" --output text)"
step "Done"
echo "API: $api_url   (POST $api_url/sources/{source}/events with header X-Api-Key)"
echo "Each caller's key (the secret's \"current\"; rotate by moving it to \"previous\" and putting a new one):"
IFS=',' read -r -a callers <<< "${sources:-sourceA,sourceB,sourceC}"
for caller in "${callers[@]}" noise admin; do
  echo "  aws secretsmanager get-secret-value --region $region --secret-id $prefix/api-keys/$caller --query SecretString --output text"
done
