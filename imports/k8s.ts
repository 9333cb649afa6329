// Kubernetes 1.28 API bindings. Do not edit: `npm run import` writes this file.
//
// `cdk8s import k8s@1.28.0` downloads the OpenAPI definitions from GitHub at import time. cdk8s-plus-28
// ships the classes that command generates for Kubernetes 1.28 (KubeDeployment, KubeService, ...), so
// this project re-exports them from the installed package and works offline.
export * from 'cdk8s-plus-28/lib/imports/k8s';
