/** Entry of the CDK CLI (cdk.json "app"): `npx cdk deploy` and `npx cdk synth` run this file with tsx. */
import { buildApp } from './build-app';

buildApp().app.synth();
