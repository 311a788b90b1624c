"""A labelled set of pastes for measuring the matcher: (kind, text, expected codes in order).

Written from how people actually paste: Event Viewer entries, NPS log lines, Slack
messages with chatter around the error, and errors from other products that must stay
unmatched. ``expected`` lists confident matches; ``suggest`` entries expect no confident
match but the code among the suggestions.
"""

from __future__ import annotations

EVENT_ESTS = """Log Name:      AuthNOptCh
Source:        Microsoft-AzureMfa-AuthN
Date:          11/29/2026 10:03:12 AM
Event ID:      3
Task Category: None
Level:         Error
Keywords:
User:          NETWORK SERVICE
Computer:      NPS01.contoso.com
Description:
NPS Extension for Azure MFA:  CID: 6e2a4f0c-93b1-4c55-8d2e-0f6b1d7a9c31 :Exception in Authentication Ext for User alice@contoso.com :: ErrorCode:: CID :6e2a4f0c-93b1-4c55-8d2e-0f6b1d7a9c31 ESTS_TOKEN_ERROR Msg:: Verify the client certificate is properly enrolled in Azure against your tenant and the server has access to URL listed in the documentation."""  # noqa: E501

EVENT_REJECTED = """Log Name: AuthZOptCh
Source: Microsoft-AzureMfa-AuthZ
Date: 2026-11-28T22:41:05.123Z
Computer: nps-02.fabrikam.local
NPS Extension for Azure MFA:  CID: 0b8f3c1e-2d4a-4e6b-9c7d-5a1f2e3d4c5b : Access Rejected for user bob@fabrikam.com with Azure MFA response: UserNotFound and message: The specified user was not found."""  # noqa: E501

LABELLED: list[tuple[str, str, list[str]]] = [
    # bare codes, as typed
    ("code", "CONTACT_SUPPORT", ["CONTACT_SUPPORT"]),
    ("code", "CLIENT_CERT_INSTALL_ERROR", ["CLIENT_CERT_INSTALL_ERROR"]),
    ("code", "ESTS_TOKEN_ERROR", ["ESTS_TOKEN_ERROR"]),
    ("code", "HTTPS_COMMUNICATION_ERROR", ["HTTPS_COMMUNICATION_ERROR"]),
    ("code", "HTTP_CONNECT_ERROR", ["HTTP_CONNECT_ERROR"]),
    ("code", "REGISTRY_CONFIG_ERROR", ["REGISTRY_CONFIG_ERROR"]),
    ("code", "REQUEST_FORMAT_ERROR", ["REQUEST_FORMAT_ERROR"]),
    ("code", "REQUEST_MISSING_CODE", ["REQUEST_MISSING_CODE"]),
    ("code", "USERNAME_CANONICALIZATION_ERROR", ["USERNAME_CANONICALIZATION_ERROR"]),
    ("code", "AuthenticationMethodNotConfigured", ["AuthenticationMethodNotConfigured"]),
    ("code", "NoDefaultAuthenticationMethodIsConfigured",
     ["NoDefaultAuthenticationMethodIsConfigured"]),
    ("code", "StrongAuthenticationServiceInvalidParameter", ["InvalidFormat"]),
    ("code", "SMSAuthFailedMaxAllowedCodeRetryReached",
     ["SMSAuthFailedMaxAllowedCodeRetryReached"]),
    ("code", "MFAPinNotSetup", ["MFAPinNotSetup"]),
    ("code", "AuthenticationThrottled", ["AuthenticationThrottled"]),
    # other case, spacing, separators
    ("variant", "ests token error", ["ESTS_TOKEN_ERROR"]),
    ("variant", "https-communication-error", ["HTTPS_COMMUNICATION_ERROR"]),
    ("variant", "contact_support", ["CONTACT_SUPPORT"]),
    ("variant", "Getting Client Cert Install Error on the new NPS box",
     ["CLIENT_CERT_INSTALL_ERROR"]),
    ("variant", "oathcodeincorrect", ["OathCodeIncorrect"]),
    ("variant", "why do I see Registry-Config-Error after the upgrade?",
     ["REGISTRY_CONFIG_ERROR"]),
    # typos
    ("typo", "CLIENT_CERT_INSTAL_ERROR", ["CLIENT_CERT_INSTALL_ERROR"]),
    ("typo", "ESTS_TOKEN_EROR", ["ESTS_TOKEN_ERROR"]),
    ("typo", "HTTPS_COMMUNICATON_ERROR", ["HTTPS_COMMUNICATION_ERROR"]),
    ("typo", "USERNAME_CANONICALISATION_ERROR", ["USERNAME_CANONICALIZATION_ERROR"]),
    ("typo", "NoDefaultAuthenticationMethodIsConfiguerd",
     ["NoDefaultAuthenticationMethodIsConfigured"]),
    # message only, seed wording
    ("message", "The specified authentication method was not configured for the user",
     ["AuthenticationMethodNotConfigured"]),
    ("message", "MSODS Bec call returned access denied, probably the username is not defined "
     "in the tenant", ["BecAccessDenied"]),
    ("message", "The phone number is in an unrecognizable format", ["InvalidFormat"]),
    ("message", "Proof data was not configured for the specified authentication method.",
     ["ProofDataNotFound"]),
    ("message", "Wrong code and pin entered. (OneWaySMS)", ["SMSAuthFailedWrongCodePinEntered"]),
    ("message", "Error: Alternate LoginId value is empty", ["ALTERNATE_LOGIN_ID_ERROR"]),
    ("message", "Maximum allowed code retry reached", ["SMSAuthFailedMaxAllowedCodeRetryReached"]),
    ("message", "Too many attempts by user in a short period of time. Throttling.",
     ["AuthenticationThrottled"]),
    ("message", "The provided TenantId is not in correct format", ["InvalidParameter"]),
    # message in the newer, contracted wording
    ("newer", "Caller tenant doesn't have access permissions to do authentication for the user",
     ["AccessDenied"]),
    ("newer", "The specified session is invalid or might be expired", ["InvalidSession"]),
    ("newer", "Proof data wasn't configured for the specified authentication method.",
     ["ProofDataNotFound"]),
    ("newer", "The provided TenantId isn't in correct format", ["InvalidParameter"]),
    ("newer", "Couldn't resolve any ProofData from request or Msods. The ProofData is unKnown",
     ["InvalidParameter"]),
    # realistic event-log entries and lines
    ("event", EVENT_ESTS, ["ESTS_TOKEN_ERROR"]),
    ("event", EVENT_REJECTED, ["UserNotFound"]),
    ("event", "NPS Extension for Azure MFA: CID: 1d2c3b4a-5f6e-4a8b-9c0d-1e2f3a4b5c6d :Exception "
     "in Authentication Ext for User carol@contoso.com :: ErrorCode:: CID "
     ":1d2c3b4a-5f6e-4a8b-9c0d-1e2f3a4b5c6d HTTPS_COMMUNICATION_ERROR Msg:: Exception while "
     "calling MFA service", ["HTTPS_COMMUNICATION_ERROR"]),
    ("event", "NPS Extension for Azure MFA:  CID: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d : Access "
     "Rejected for user dave@contoso.com with Azure MFA response: AccessDenied and message: "
     "Caller tenant does not have access permissions to do authentication for the user",
     ["AccessDenied"]),
    ("event", "NPS Extension for Azure MFA: CID: 3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f : Access "
     "Rejected for user erin@contoso.com with Azure MFA response: InvalidSession and message: "
     "The specified session is invalid or may have expired", ["InvalidSession"]),
    ("event", "NPS Extension for Azure MFA: ALTERNATE_LOGIN_ID_ERROR Error: userObjectSid lookup "
     "failed for user frank@contoso.com", ["ALTERNATE_LOGIN_ID_ERROR"]),
    ("event", "NPS Extension for Azure MFA: CID: 7c6b5a49-3827-4165-9a8b-7c6d5e4f3a2b : Access "
     "Rejected for user gina@contoso.com with Azure MFA response: OathCodePinIncorrect and "
     "message: Wrong code and pin entered.", ["OathCodePinIncorrect"]),
    ("event", "2026-11-29 08:12:44 NPS Extension for Azure MFA: REQUEST_FORMAT_ERROR Radius "
     "Request missing mandatory Radius userName\\Identifier attribute.Verify that NPS is "
     "receiving RADIUS requests", ["REQUEST_FORMAT_ERROR"]),
    # several errors in one paste, in order of appearance
    ("multi", "Seeing two things on NPS01: ESTS_TOKEN_ERROR this morning and then "
     "HTTP_CONNECT_ERROR since noon", ["ESTS_TOKEN_ERROR", "HTTP_CONNECT_ERROR"]),
    ("multi", EVENT_ESTS + "\n\n" + EVENT_REJECTED, ["ESTS_TOKEN_ERROR", "UserNotFound"]),
    ("multi", "Azure MFA response: SMSAuthFailedWrongCodeEntered\nAzure MFA response: "
     "SMSAuthFailedMaxAllowedCodeRetryReached",
     ["SMSAuthFailedWrongCodeEntered", "SMSAuthFailedMaxAllowedCodeRetryReached"]),
    ("multi", "ALTERNATE_LOGIN_ID_ERROR Error: Alternate LoginId lookup failed\n"
     "ALTERNATE_LOGIN_ID_ERROR Error: Alternate LoginId value is empty",
     ["ALTERNATE_LOGIN_ID_ERROR", "ALTERNATE_LOGIN_ID_ERROR"]),
]

# Described in words: no confident match, but the right entry is suggested.
DESCRIBED: list[tuple[str, str]] = [
    ("VPN users never get the verification code prompt, we use MSCHAPv2 on the NAS",
     "REQUEST_MISSING_CODE"),
    ("NPS server can't reach adnotifications.windowsazure.com through the proxy",
     "HTTPS_COMMUNICATION_ERROR"),
    ("the MFA client certificate on the NPS server expired", "CLIENT_CERT_INSTALL_ERROR"),
]

# Never an NPS-extension error. A false match in a channel is worse than silence.
NEGATIVE: list[str] = [
    "good morning team!",
    "anyone up for lunch at 12?",
    "thanks, that fixed it",
    "can someone review my PR?",
    "the printer on floor 3 is jammed again",
    "ORA-12541: TNS:no listener",
    "npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree",
    "E_ACCESSDENIED",
    "HRESULT: 0x80070005 (E_ACCESSDENIED)",
    "HTTP/1.1 500 Internal Server Error",
    "AADSTS50126: Error validating credentials due to invalid username or password.",
    "AADSTS50076",
    "Network Policy Server denied access to a user.\nReason Code: 16\nReason: Authentication "
    "failed due to a user credentials mismatch.",
    "Event 6273: Network Policy Server denied access to a user. Reason Code: 48",
    "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied",
    '{"error": {"code": "InternalError", "message": "Something went wrong"}}',
    "java.lang.NullPointerException at com.example.Main.run(Main.java:42)",
    "Traceback (most recent call last):\n  File \"app.py\", line 3\nKeyError: 'user'",
    "ERROR 1045 (28000): Access denied for user 'root'@'localhost'",
    "fatal: Authentication failed for 'https://git.example.com/repo.git/'",
    "kubectl: error: You must be logged in to the server (Unauthorized)",
    "Please contact support if the issue persists.",
    "our tenant has a new name since the merger",
    "user not found in the HR system, can you check?",
    "the session expired, I had to log in again",
    "wrong code for the door lock on the server room",
    "The request was aborted: Could not create SSL/TLS secure channel.",
    "SSL_ERROR_SYSCALL in connection to github.com:443",
    "error CS0246: The type or namespace name 'Foo' could not be found",
    "Windows Update error 0x800f0922",
    "docker: Error response from daemon: pull access denied for foo",
    "invalid parameter passed to C runtime function",
    "Segmentation fault (core dumped)",
    "Exchange: 550 5.7.1 Unable to relay",
    "Certificate has expired or is not yet valid: CERT_HAS_EXPIRED",
]
