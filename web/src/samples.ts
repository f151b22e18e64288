// Starting documents and defaults per provider and document kind.

export type Provider = "cos" | "qingstor" | "s3";
export type DocKind = "cors" | "policy" | "acl";
export type Format = "json" | "xml" | "headers";

export const defaultRegion: Record<Provider, string> = {
  qingstor: "pek3a",
  cos: "ap-guangzhou",
  s3: "us-east-1",
};

/** a valid bucket name per provider: COS names end in the account's APPID. */
export const defaultBucket: Record<Provider, string> = {
  qingstor: "mybucket",
  cos: "examplebucket-1250000000",
  s3: "examplebucket",
};

/** the domain a provider's requests go to when no endpoint is given (the endpoint replaces it). */
export const defaultDomain: Record<Provider, string> = {
  qingstor: "qingstor.com",
  cos: "cos.<region>.myqcloud.com",
  s3: "s3.<region>.amazonaws.com",
};

/** the formats each provider takes for a document, the native one first. */
export function formats(provider: Provider, doc: DocKind): Format[] {
  if (provider === "qingstor" || doc === "policy") return ["json"];
  if (doc === "acl") return ["xml", "headers"];
  return provider === "s3" ? ["xml", "json"] : ["xml"]; // S3's console edits CORS as JSON
}

/** the format a provider uses for a document when none is picked. */
export function nativeFormat(provider: Provider, doc: DocKind): Format {
  return formats(provider, doc)[0];
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2);

const samples: Record<string, string> = {
  "qingstor/cors/json": pretty({
    cors_rules: [
      {
        allowed_origin: "http://*.qingcloud.com",
        allowed_methods: ["PUT", "GET", "POST", "DELETE"],
        allowed_headers: ["x-qs-date", "Content-Type", "Content-MD5", "Authorization"],
        max_age_seconds: 200,
        expose_headers: ["x-qs-date"],
      },
    ],
  }),
  "qingstor/policy/json": pretty({
    statement: [
      {
        id: "allow anyone to read objects",
        user: "*",
        action: ["get_object"],
        effect: "allow",
        resource: ["mybucket/*"],
      },
    ],
  }),
  "qingstor/acl/json": pretty({
    acl: [{ grantee: { type: "group", name: "QS_ALL_USERS" }, permission: "READ" }],
  }),
  "cos/cors/xml": `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>https://www.example.com</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>600</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`,
  "cos/policy/json": pretty({
    Statement: [
      {
        Principal: { qcs: ["qcs::cam::anyone:anyone"] },
        Action: ["name/cos:GetObject"],
        Effect: "allow",
        Resource: ["qcs::cos:ap-guangzhou:uid/1250000000:examplebucket-1250000000/*"],
      },
    ],
    Version: "2.0",
  }),
  "cos/acl/xml": `<AccessControlPolicy>
  <Owner>
    <ID>qcs::cam::uin/100000000001:uin/100000000001</ID>
  </Owner>
  <AccessControlList>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group">
        <URI>http://cam.qcloud.com/groups/global/AllUsers</URI>
      </Grantee>
      <Permission>READ</Permission>
    </Grant>
  </AccessControlList>
</AccessControlPolicy>`,
  "cos/acl/headers": "x-cos-acl: public-read",
  "s3/cors/xml": `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>https://www.example.com</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>POST</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>x-amz-request-id</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`,
  "s3/cors/json": pretty([
    {
      AllowedOrigins: ["https://www.example.com"],
      AllowedMethods: ["PUT", "POST"],
      AllowedHeaders: ["*"],
      ExposeHeaders: ["x-amz-request-id"],
      MaxAgeSeconds: 3000,
    },
  ]),
  "s3/policy/json": pretty({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "PublicRead",
        Effect: "Allow",
        Principal: "*",
        Action: ["s3:GetObject"],
        Resource: ["arn:aws:s3:::examplebucket/*"],
      },
    ],
  }),
  "s3/acl/xml": `<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Owner>
    <ID>79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be</ID>
  </Owner>
  <AccessControlList>
    <Grant>
      <Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">
        <ID>79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be</ID>
      </Grantee>
      <Permission>FULL_CONTROL</Permission>
    </Grant>
  </AccessControlList>
</AccessControlPolicy>`,
  "s3/acl/headers": "x-amz-acl: public-read",
};

/** a starting document; pairs without a sample get an empty one of the right syntax. */
export function sample(provider: Provider, doc: DocKind, format: Format): string {
  return samples[`${provider}/${doc}/${format}`] ?? { json: "{}", xml: '<?xml version="1.0" encoding="UTF-8"?>', headers: "" }[format];
}
