// ==============================================================================================
// Every GraphQL operation the wallet and the console send — and the only place that names a
// GraphQL field. Align this module with schema/schema.graphql when the schema changes; the
// pages only read the shapes returned by the functions at the bottom.
//
// Transport: POST /graphql, JSON body {query, variables}, `Authorization: Bearer <token>`.
// Expected failures arrive as `userErrors { field message code }` in mutation payloads; a
// top-level `errors` array means the request itself failed (bad token, masked server error).
// ==============================================================================================

export const ENDPOINT = '/graphql';

const CREDENTIAL_FIELDS = `
  fragment CredentialFields on Credential {
    id
    kind
    status
    sourceId
    organisationCode
    subjectName
    achievement
    issuedAt
    validFrom
    validUntil
    qrText
  }
`;

const USER_ERRORS = 'userErrors { field message code }';

export const VIEWER = `
  query Viewer {
    viewer { account { id role creatorId organisation { code name regionCode } } }
  }
`;

export const VIEWER_CREDENTIALS = `
  query ViewerCredentials($first: Int!, $after: String) {
    credentials(first: $first, after: $after) {
      edges { node { ...CredentialFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${CREDENTIAL_FIELDS}
`;

const NAME_DISPLAY_FIELDS = 'id showFullName nameDisplayChosenAt';

export const NAME_DISPLAY = `
  query NameDisplay($id: ID!) {
    creator(id: $id) { ${NAME_DISPLAY_FIELDS} }
  }
`;

export const SET_NAME_DISPLAY = `
  mutation SetNameDisplay($input: SetNameDisplayInput!) {
    setNameDisplay(input: $input) { creator { ${NAME_DISPLAY_FIELDS} } ${USER_ERRORS} }
  }
`;

export const CREATORS = `
  query Creators(
    $first: Int!, $after: String, $search: String, $regionCode: String, $origin: Origin,
    $clusterCode: String, $tier: String, $credentialStatus: CredentialStatus
  ) {
    creators(
      first: $first, after: $after, search: $search, regionCode: $regionCode, origin: $origin,
      clusterCode: $clusterCode, tier: $tier, credentialStatus: $credentialStatus
    ) {
      edges { node { id displayName maskedIdNumber origin } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const CREATOR = `
  query Creator($id: ID!, $credentials: Int!) {
    creator(id: $id) {
      id
      displayName
      maskedIdNumber
      origin
      regionCode
      platformAccounts { id platform handle followers percentile measuredOn attestedBy }
      works { id title workType platform url publishedOn }
      awards { id programmeCode edition category grade level state reason awardedOn evidenceDocNo }
      skillCertificates { id certificateNumber occupationCode level direction issuedOn }
      recognitions { id clusterCode regionCode recognisedOn validUntil decisionRef reason state }
      decisions {
        id programmeCode tier outcome state credentialId benefits
        apartmentStays { id startsOn days event }
      }
      credentials(first: $credentials) { edges { node { ...CredentialFields } } }
    }
  }
  ${CREDENTIAL_FIELDS}
`;

export const EVALUATE_ELIGIBILITY = `
  query EvaluateEligibility($input: EvaluateEligibilityInput!) {
    evaluateEligibility(input: $input) {
      programmeCode
      asOf
      outcome
      tier
      pendingTiers
      missingFacts
      explanation
      tree
      benefits { code status nameZh nameEn cap monthly recommendation }
    }
  }
`;

export const FILINGS = `
  query Filings($organisation: String) {
    filings(organisation: $organisation) {
      id
      organisationCode
      occupationCode
      directions
      levels
      prefix
      scope
      provinceCode
      category
      validFrom
      validUntil
      state
    }
  }
`;

export const ORGANISATIONS = `
  query Organisations { organisations { code name nameEn kind regionCode } }
`;

export const REGISTER_CREATOR = `
  mutation RegisterCreator($input: RegisterCreatorInput!) {
    registerCreator(input: $input) { creator { id displayName } ${USER_ERRORS} }
  }
`;

export const ADD_PLATFORM_ACCOUNT = `
  mutation AddPlatformAccount($input: AddPlatformAccountInput!) {
    addPlatformAccount(input: $input) { platformAccount { id } ${USER_ERRORS} }
  }
`;

export const ADD_WORK = `
  mutation AddWork($input: AddWorkInput!) {
    addWork(input: $input) { work { id } ${USER_ERRORS} }
  }
`;

export const RECORD_CREATOR_FACTS = `
  mutation RecordCreatorFacts($input: RecordCreatorFactsInput!) {
    recordCreatorFacts(input: $input) { facts ${USER_ERRORS} }
  }
`;

export const FILE_FILING = `
  mutation FileFiling($input: FileFilingInput!) {
    fileFiling(input: $input) { filing { id prefix state } ${USER_ERRORS} }
  }
`;

export const CHANGE_FILING = `
  mutation ChangeFiling($input: ChangeFilingInput!) {
    changeFiling(input: $input) { filing { id state validUntil } ${USER_ERRORS} }
  }
`;

export const RECORD_AWARD = `
  mutation RecordAward($input: RecordAwardInput!) {
    recordAward(input: $input) { award { id state } ${USER_ERRORS} }
  }
`;

export const DECIDE_AWARD = `
  mutation DecideAward($input: DecideAwardInput!) {
    decideAward(input: $input) { award { id state reason } ${USER_ERRORS} }
  }
`;

const RECOGNITION_FIELDS = 'recognition { id state reason }';

export const APPLY_FOR_RECOGNITION = `
  mutation ApplyForRecognition($input: ApplyForRecognitionInput!) {
    applyForRecognition(input: $input) { ${RECOGNITION_FIELDS} ${USER_ERRORS} }
  }
`;

export const DECIDE_RECOGNITION = `
  mutation DecideRecognition($input: DecideRecognitionInput!) {
    decideRecognition(input: $input) { ${RECOGNITION_FIELDS} ${USER_ERRORS} }
  }
`;

export const CHANGE_RECOGNITION = `
  mutation ChangeRecognition($input: ChangeRecognitionInput!) {
    changeRecognition(input: $input) { ${RECOGNITION_FIELDS} ${USER_ERRORS} }
  }
`;

export const RECORD_SKILL_CERTIFICATE = `
  mutation RecordSkillCertificate($input: RecordSkillCertificateInput!) {
    recordSkillCertificate(input: $input) { skillCertificate { id } ${USER_ERRORS} }
  }
`;

export const ISSUE_CREDENTIAL = `
  mutation IssueCredential($input: IssueCredentialInput!) {
    issueCredential(input: $input) { credential { ...CredentialFields } ${USER_ERRORS} }
  }
  ${CREDENTIAL_FIELDS}
`;

export const DECIDE_ELIGIBILITY = `
  mutation DecideEligibility($input: DecideEligibilityInput!) {
    decideEligibility(input: $input) {
      decision {
        id programmeCode tier outcome state reason decidedOn documentsDue credentialId
        approvedAmounts { benefitCode approved cap monthly }
      }
      credential { ...CredentialFields }
      superseded
      ${USER_ERRORS}
    }
  }
  ${CREDENTIAL_FIELDS}
`;

export const REISSUE_CREDENTIAL = `
  mutation ReissueCredential($input: ReissueCredentialInput!) {
    reissueCredential(input: $input) { credential { ...CredentialFields } ${USER_ERRORS} }
  }
  ${CREDENTIAL_FIELDS}
`;

export const RECORD_APARTMENT_STAY = `
  mutation RecordApartmentStay($input: RecordApartmentStayInput!) {
    recordApartmentStay(input: $input) {
      apartmentStay { id startsOn days event }
      ${USER_ERRORS}
    }
  }
`;

const STATUS_CHANGE = (name, inputType) => `
  mutation ${name[0].toUpperCase()}${name.slice(1)}($input: ${inputType}!) {
    ${name}(input: $input) { credential { id status } ${USER_ERRORS} }
  }
`;
export const SUSPEND_CREDENTIAL = STATUS_CHANGE('suspendCredential', 'SuspendCredentialInput');
export const REINSTATE_CREDENTIAL = STATUS_CHANGE('reinstateCredential', 'ReinstateCredentialInput');
export const REVOKE_CREDENTIAL = STATUS_CHANGE('revokeCredential', 'RevokeCredentialInput');

// --- Transport ---------------------------------------------------------------------------------

/** kind: 'network' (no answer), 'auth' (token refused) or 'server' (top-level errors). */
export class GraphQLRequestError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

const AUTH_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'UNAUTHORIZED']);

export async function graphql(query, variables, token, extraHeaders = {}) {
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json',
        Authorization: `Bearer ${token}`,
        ...extraHeaders,
      },
      body: JSON.stringify({ query, variables }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new GraphQLRequestError('network', 'no answer from the server');
  }
  if (response.status === 401 || response.status === 403) {
    throw new GraphQLRequestError('auth', `HTTP ${response.status}`);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new GraphQLRequestError('server', `HTTP ${response.status}`);
  }
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (errors.some((error) => AUTH_CODES.has(error?.extensions?.code))) {
    throw new GraphQLRequestError('auth', errors[0].message ?? 'not authorised');
  }
  if (errors.length > 0 || !body?.data) {
    throw new GraphQLRequestError('server', errors[0]?.message ?? `HTTP ${response.status}`);
  }
  return body.data;
}

// --- Operations as the pages use them ----------------------------------------------------------

function nodes(connection) {
  if (Array.isArray(connection)) return connection;
  return (connection?.edges ?? []).map((edge) => edge.node);
}

function page(connection) {
  return {
    items: nodes(connection),
    hasNextPage: Boolean(connection?.pageInfo?.hasNextPage),
    endCursor: connection?.pageInfo?.endCursor ?? null,
  };
}

export async function fetchViewer(token) {
  return (await graphql(VIEWER, {}, token)).viewer?.account ?? null;
}

export async function fetchMyCredentials(token, { first = 20, after = null } = {}) {
  return page((await graphql(VIEWER_CREDENTIALS, { first, after }, token)).credentials);
}

const VC_JWT = `
  query CredentialVcJwt($id: ID!) {
    credential(id: $id) { vcJwt }
  }
`;

/** The credential as application/vc+jwt (W3C VC-JOSE-COSE), signed when asked; null if none. */
export async function fetchVcJwt(token, id) {
  return (await graphql(VC_JWT, { id }, token)).credential?.vcJwt ?? null;
}

/** The holder's choice of name on public surfaces: {id, showFullName, nameDisplayChosenAt}. */
export async function fetchNameDisplay(token, creatorId) {
  return (await graphql(NAME_DISPLAY, { id: creatorId }, token)).creator ?? null;
}

/** A page of creators; `filters` holds regionCode, origin, clusterCode, tier, credentialStatus. */
export async function searchCreators(token, { search = null, filters = {}, first = 20, after = null } = {}) {
  return page((await graphql(CREATORS, { first, after, search, ...filters }, token)).creators);
}

export async function fetchCreator(token, id, { credentials = 50 } = {}) {
  const creator = (await graphql(CREATOR, { id, credentials }, token)).creator;
  if (!creator) return null;
  return {
    ...creator,
    platformAccounts: nodes(creator.platformAccounts),
    awards: nodes(creator.awards),
    skillCertificates: nodes(creator.skillCertificates),
    recognitions: nodes(creator.recognitions),
    credentials: nodes(creator.credentials),
  };
}

/** The evaluation institution's filings (备案); the server lists an evaluator's own only. */
export async function fetchFilings(token, { organisation = null } = {}) {
  const filings = (await graphql(FILINGS, { organisation }, token)).filings;
  return Array.isArray(filings) ? filings : [];
}

/**
 * Returns {programmeCode, asOf, outcome, tier, pendingTiers, missingFacts, explanation, tree};
 * `tree` nodes: {kind, zh, en, status, evidence, children}.
 */
export async function evaluateEligibility(token, input) {
  return (await graphql(EVALUATE_ELIGIBILITY, { input }, token)).evaluateEligibility;
}

const MUTATIONS = {
  recordAward: RECORD_AWARD,
  decideAward: DECIDE_AWARD,
  applyForRecognition: APPLY_FOR_RECOGNITION,
  decideRecognition: DECIDE_RECOGNITION,
  changeRecognition: CHANGE_RECOGNITION,
  decideEligibility: DECIDE_ELIGIBILITY,
  recordApartmentStay: RECORD_APARTMENT_STAY,
  recordSkillCertificate: RECORD_SKILL_CERTIFICATE,
  issueCredential: ISSUE_CREDENTIAL,
  suspendCredential: SUSPEND_CREDENTIAL,
  reinstateCredential: REINSTATE_CREDENTIAL,
  revokeCredential: REVOKE_CREDENTIAL,
  setNameDisplay: SET_NAME_DISPLAY,
  registerCreator: REGISTER_CREATOR,
  addPlatformAccount: ADD_PLATFORM_ACCOUNT,
  addWork: ADD_WORK,
  recordCreatorFacts: RECORD_CREATOR_FACTS,
  reissueCredential: REISSUE_CREDENTIAL,
  fileFiling: FILE_FILING,
  changeFiling: CHANGE_FILING,
};

/** Run a mutation by field name; returns its payload ({…, userErrors: [...]}). */
export async function mutate(token, name, input, idempotencyKey = null) {
  // With a key, the server runs a repeat of this request (a double click, a retry after a
  // lost answer) once, and answers the repeat with the first answer.
  const headers = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {};
  const payload = (await graphql(MUTATIONS[name], { input }, token, headers))[name];
  return { ...payload, userErrors: payload?.userErrors ?? [] };
}

/** Form fields of each mutation input, for the console's forms (name, type, options). */
// [name, type, label key, default, maximum length]: the maxima are the registry's own, so a
// form stops the typing where the server would refuse it.
export const INPUT_FIELDS = Object.freeze({
  registerCreator: [
    ['name', 'text', 'creatorName', null, 200],
    ['origin', 'select:ORIGINS', 'origin'],
    ['idDocumentType', 'select:ID_DOCUMENT_TYPES', 'idDocumentType'],
    ['idNumber', 'text', 'idNumber', null, 40],
    ['kind', 'select:CREATOR_KINDS', 'creatorKind'],
    ['identityForm', 'select:IDENTITY_FORMS', 'identityForm'],
    ['regionCode', 'select:REGIONS', 'region'],
  ],
  addPlatformAccount: [
    ['platform', 'select:PLATFORMS', 'platform'],
    ['handle', 'text', 'handle', null, 100],
    ['followers', 'number', 'followers'],
    ['percentile', 'text', 'percentile', null, 8],
    ['measuredOn', 'date', 'measuredOn'],
  ],
  addWork: [
    ['title', 'text', 'workTitle', null, 200],
    ['workType', 'select:WORK_TYPES', 'workType'],
    ['platform', 'select:OPTIONAL_PLATFORMS', 'platform'],
    ['url', 'url', 'workUrl', null, 500],
    ['publishedOn', 'date', 'publishedOn'],
  ],
  recordCreatorFacts: [
    ['hukouCity', 'text', 'hukouCity', null, 6],
    ['lawfulResidenceCity', 'text', 'lawfulResidenceCity', null, 6],
    ['employerCity', 'text', 'employerCity', null, 6],
    ['employerOnKeyList', 'select:YES_NO', 'employerOnKeyList'],
    ['annualSalary', 'number', 'annualSalary'],
    ['yearsOfExperience', 'number', 'yearsOfExperience'],
    ['monthsRegion', 'select:REGIONS', 'monthsRegion'],
    ['monthsInDistrict', 'number', 'monthsInDistrict'],
    ['evidenceRef', 'text', 'evidenceRef', null, 100],
  ],
  fileFiling: [
    ['organisationCode', 'select:INSTITUTIONS', 'institution'],
    ['occupationCode', 'select:OCCUPATIONS', 'occupation'],
    ['directions', 'checks:DIRECTION_NAMES', 'direction'],
    ['levels', 'checks:SKILL_LEVELS', 'skillLevel'],
    ['scope', 'select:FILING_SCOPES', 'filingScope'],
    ['provinceCode', 'text', 'provinceCode', null, 2],
    ['category', 'select:CATEGORIES', 'institutionCategory'],
    ['institutionCode', 'text', 'institutionCode', null, 4],
    ['siteSerial', 'text', 'siteSerial', null, 6],
    ['validFrom', 'date', 'validFrom'],
    ['validUntil', 'date', 'validUntil'],
    ['reference', 'text', 'filingReference', null, 100],
  ],
  recordAward: [
    ['programmeCode', 'select:AWARD_PROGRAMMES', 'awardCode'],
    ['edition', 'number', 'edition'],
    ['category', 'text', 'category', null, 100],
    ['grade', 'select:GRADES', 'grade'],
    ['awardedOn', 'date', 'awardedOn'],
    ['evidenceDocNo', 'text', 'evidenceDocNo', null, 100],
  ],
  recordSkillCertificate: [
    // The holder as the exam roster names them: found by document and name, never by id.
    ['idDocumentType', 'select:ID_DOCUMENT_TYPES', 'idDocumentType'],
    ['idNumber', 'text', 'idNumber'],
    ['holderName', 'text', 'holderName'],
    // The filing fixes the occupation: the console sends the chosen filing's occupationCode.
    ['filingId', 'filing', 'filing'],
    ['certificateNumber', 'text', 'certificateNumber'],
    ['level', 'select:SKILL_LEVELS', 'skillLevel'],
    ['direction', 'select:DIRECTION_NAMES', 'direction'],
    ['issuedOn', 'date', 'issuedOn'],
  ],
  evaluateEligibility: [
    ['programmeCode', 'select:PROGRAMMES', 'programmeCode'],
    ['asOf', 'date', 'asOf'],
  ],
  // A free YOUNG人才公寓 stay under a decision: the official attests the event is non-commercial.
  recordApartmentStay: [
    ['startsOn', 'date', 'startsOn'],
    ['days', 'number', 'stayDays'],
    ['event', 'text', 'stayEvent', null, 200],
    ['nonCommercial', 'checkbox', 'nonCommercial'],
    ['evidenceRef', 'text', 'evidenceRef', null, 64],
  ],
  // `approve` is sent as a Boolean; the tiers offered are those the evaluation reached or awaits.
  decideEligibility: [
    ['approve', 'select:DECISIONS', 'decision'],
    ['tier', 'select:TIERS', 'tier'],
    ['reason', 'text', 'reason', null, 500],
    ['decidedOn', 'date', 'decidedOn'],
    ['documentsDue', 'date', 'documentsDue'],
    ['issueCredential', 'checkbox', 'issueWithDecision'],
  ],
});
