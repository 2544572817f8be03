/**
 * What an operation takes beyond its own fields; the node builds the shared fields' display
 * conditions from these, so adding an operation touches its own file and the operations map only.
 */
export interface OperationTraits {
	/** Sends the user context (the fields the nextAuth app shows). */
	userContext?: boolean;
	/** Can wait until the user confirms the login in the app. */
	waitForLogin?: boolean;
	/** Can wait until the user approves or declines in the app. */
	waitForDecision?: boolean;
	/** Names no session: the Nonce field is hidden and no X-nonce is sent. */
	withoutNonce?: boolean;
}
