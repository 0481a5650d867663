#!/usr/bin/env bash
# npm run deploy:web — builds the H5 app and uploads it to this stage's private bucket behind CloudFront
# (serverless.yml "H5 hosting"). Needs the AWS CLI and the same credentials as `osls deploy`; deploy the stack first.
#   STAGE=prod AWS_REGION=ap-east-1 npm run deploy:web
set -euo pipefail
STAGE="${STAGE:-prod}"
REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-ap-east-1}}"
STACK="ripple-${STAGE}"
DIST_DIR="$(dirname "$0")/../miniapp/dist/h5"

output() {
  aws cloudformation describe-stacks --region "$REGION" --stack-name "$STACK" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
BUCKET="$(output WebBucketName)"
DISTRIBUTION="$(output WebDistributionId)"
if [[ -z "$BUCKET" || "$BUCKET" == "None" ]]; then
  echo "No WebBucketName output on stack $STACK in $REGION: run npx osls deploy --stage $STAGE first." >&2
  exit 1
fi

(cd "$(dirname "$0")/.." && npm run build:h5)

# Hashed files first, cached for a year: their names change whenever their content does. Old ones are kept
# (a page opened before the deploy may still load its chunks); source maps stay off the public site.
aws s3 sync "$DIST_DIR" "s3://$BUCKET" --region "$REGION" \
  --exclude 'index.html' --exclude '*.map' --exclude '*.LICENSE.txt' \
  --cache-control 'public, max-age=31536000, immutable'
# index.html last, revalidated on every visit, so visitors switch to the new files at once and never to missing ones.
aws s3 cp "$DIST_DIR/index.html" "s3://$BUCKET/index.html" --region "$REGION" \
  --cache-control 'no-cache' --content-type 'text/html; charset=utf-8'
aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION" --paths '/index.html' >/dev/null
echo "Uploaded to s3://$BUCKET; site: $(output WebUrl)"
