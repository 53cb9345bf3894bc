package reflector.setup.config;

/**
 * What a run that moves the deployment's storage to another bucket does with the objects already
 * stored (--move-storage): copy them to the new bucket, or leave them where they are.
 */
public enum MoveStorage {
    copy,
    leave
}
