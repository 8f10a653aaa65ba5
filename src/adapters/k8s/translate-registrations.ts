import * as z from 'zod/mini';
import { CLIENT_CONFIG, clientConfigOf, METADATA, translateItem } from '#adapters/k8s/translate.ts';
import type {
  AdmissionWebhookObject,
  ApiServiceObject,
  ConditionSummary,
  CustomResourceDefinitionObject,
  WebhookConfigurationRef,
} from '#core/k8s/objects.ts';

const API_SERVICE = z.object({
  metadata: METADATA,
  spec: z.optional(
    z.object({
      service: z.nullish(
        z.object({ namespace: z.string(), name: z.string(), port: z.nullish(z.number()) }),
      ),
    }),
  ),
  status: z.nullish(
    z.object({
      conditions: z.nullish(
        z.array(
          z.object({
            type: z.string(),
            status: z.string(),
            reason: z.nullish(z.string()),
            message: z.nullish(z.string()),
          }),
        ),
      ),
    }),
  ),
});

/**
 * An `apiregistration.k8s.io/v1` APIService item → {@link ApiServiceObject}.
 *
 * @throws KubernetesApiError when the item is not an APIService.
 * @example
 * apiServiceOf(item).service; // { namespace: 'kube-system', name: 'metrics-server', port: 443 }
 */
export function apiServiceOf(item: unknown): ApiServiceObject {
  return translateItem(item, 'apiservices', API_SERVICE, (api) => {
    const service = api.spec?.service;
    const available = api.status?.conditions?.find((c) => c.type === 'Available');
    return {
      name: api.metadata.name,
      service: service
        ? { namespace: service.namespace, name: service.name, port: service.port ?? 443 }
        : null,
      available: available ? conditionOf(available) : null,
    };
  });
}

const WEBHOOK_CONFIGURATION = z.object({
  metadata: METADATA,
  webhooks: z.nullish(
    z.array(
      z.object({
        name: z.string(),
        clientConfig: CLIENT_CONFIG,
        failurePolicy: z.nullish(z.string()),
        timeoutSeconds: z.nullish(z.number()),
      }),
    ),
  ),
});

/**
 * A Validating- or MutatingWebhookConfiguration item → one {@link AdmissionWebhookObject} per
 * webhook. An unset `failurePolicy` is the API default (`Fail`), an unset `timeoutSeconds` its
 * default (10).
 *
 * @throws KubernetesApiError when the item is not a webhook configuration.
 * @example
 * admissionWebhooksOf(item, 'validating').map((w) => w.name); // ['vingress.elbv2.k8s.aws', ...]
 */
export function admissionWebhooksOf(
  item: unknown,
  kind: WebhookConfigurationRef['kind'],
): AdmissionWebhookObject[] {
  return translateItem(item, `${kind}webhookconfigurations`, WEBHOOK_CONFIGURATION, (config) =>
    (config.webhooks ?? []).map((webhook) => ({
      configuration: { kind, name: config.metadata.name },
      name: webhook.name,
      clientConfig: clientConfigOf(webhook.clientConfig),
      failurePolicy: webhook.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail',
      timeoutSeconds: webhook.timeoutSeconds ?? 10,
    })),
  );
}

const CRD = z.object({
  metadata: METADATA,
  spec: z.object({
    conversion: z.nullish(
      z.object({
        strategy: z.string(),
        webhook: z.nullish(z.object({ clientConfig: z.nullish(CLIENT_CONFIG) })),
      }),
    ),
  }),
});

/**
 * A CustomResourceDefinition item → {@link CustomResourceDefinitionObject}; `conversion` is set
 * only for the `Webhook` strategy (the schemas are not kept).
 *
 * @throws KubernetesApiError when the item is not a CRD.
 * @example
 * customResourceDefinitionOf(item).conversion?.service?.name; // 'external-secrets-webhook'
 */
export function customResourceDefinitionOf(item: unknown): CustomResourceDefinitionObject {
  return translateItem(item, 'customresourcedefinitions', CRD, (crd) => {
    const conversion = crd.spec.conversion;
    const config = conversion?.strategy === 'Webhook' ? conversion.webhook?.clientConfig : null;
    return { name: crd.metadata.name, conversion: config ? clientConfigOf(config) : null };
  });
}

function conditionOf(condition: {
  status: string;
  reason?: string | null | undefined;
  message?: string | null | undefined;
}): ConditionSummary {
  const status =
    condition.status === 'True' || condition.status === 'False' ? condition.status : 'Unknown';
  return { status, reason: condition.reason ?? null, message: condition.message ?? null };
}
