// Workspace Trust for profiling settings: in an untrusted workspace the values a workspace (or
// folder) sets for targets and capture options are ignored, so opening a repository can never
// choose where or what Sightline runs. Only user (global) settings and defaults apply.

export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export interface TrustedValue<T> {
  value: T | undefined;
  /** True when a workspace value existed but was ignored because the workspace is untrusted. */
  ignoredWorkspaceValue: boolean;
}

export function trustedValue<T>(s: InspectedSetting<T> | undefined, trusted: boolean): TrustedValue<T> {
  if (!s) return { value: undefined, ignoredWorkspaceValue: false };
  if (trusted) return { value: s.workspaceFolderValue ?? s.workspaceValue ?? s.globalValue ?? s.defaultValue, ignoredWorkspaceValue: false };
  return { value: s.globalValue ?? s.defaultValue, ignoredWorkspaceValue: s.workspaceValue !== undefined || s.workspaceFolderValue !== undefined };
}

/** The settings that decide what runs where (declared as restrictedConfigurations too). */
export const restrictedProfileSettings = [
  'sightline.targets',
  'sightline.profile.trace',
  'sightline.profile.duration',
  'sightline.profile.delay',
  'sightline.profile.keepRemoteFiles',
  'sightline.profile.captureGraphs',
  'sightline.trace.pathMappings',
];
