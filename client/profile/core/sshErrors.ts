// Turns what the OpenSSH client prints on failure (exit status 255) into a kind and a message
// that says what to do. The texts matched are OpenSSH's own (ssh.c, sshconnect.c).

export type SshFailureKind =
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'auth-failed'
  | 'connection-refused'
  | 'unresolved-host'
  | 'timeout'
  | 'connection-lost'
  | 'ssh-missing'
  | 'other';

export interface SshFailure {
  kind: SshFailureKind;
  message: string;
}

export function classifySshFailure(stderr: string, hostLabel: string): SshFailure {
  const s = stderr;
  const detail = s.trim().split(/\r?\n/).filter((l) => l.trim() && !/^@+$/.test(l.trim())).slice(-3).join(' | ');
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(s)) {
    return { kind: 'host-key-changed', message: `The host key of ${hostLabel} has CHANGED since it was recorded in known_hosts. This can be a re-installed target or an attack; check it, then remove the old key with: ssh-keygen -R <host>` };
  }
  if (/Host key verification failed|No [A-Z0-9-]+ host key is known|host key is known for|authenticity of host/i.test(s)) {
    return { kind: 'host-key-unknown', message: `The host key of ${hostLabel} is not known (not in known_hosts), so the connection was refused as OpenSSH does. Connect once with 'ssh ${hostLabel}' in a terminal and verify the fingerprint, then try again.` };
  }
  if (/Permission denied \(|Too many authentication failures|incorrect passphrase|Authentication failed/i.test(s)) {
    return { kind: 'auth-failed', message: `Authentication to ${hostLabel} failed (${detail}). Check the user, the key (IdentityFile / sightline.targets identityFile) or the ssh agent.` };
  }
  if (/Connection refused/i.test(s)) return { kind: 'connection-refused', message: `${hostLabel} refused the SSH connection (${detail}). Is sshd running and is the port right?` };
  if (/Could not resolve hostname|Name or service not known|nodename nor servname/i.test(s)) return { kind: 'unresolved-host', message: `Cannot resolve the host name of ${hostLabel} (${detail}).` };
  if (/timed out|Operation timed out/i.test(s)) return { kind: 'timeout', message: `Connecting to ${hostLabel} timed out (${detail}).` };
  if (/closed by remote host|Connection reset|Broken pipe|Connection closed|connection lost|client_loop|Received disconnect/i.test(s)) {
    return { kind: 'connection-lost', message: `The SSH connection to ${hostLabel} was lost (${detail}).` };
  }
  return { kind: 'other', message: `ssh to ${hostLabel} failed${detail ? `: ${detail}` : ''}` };
}
